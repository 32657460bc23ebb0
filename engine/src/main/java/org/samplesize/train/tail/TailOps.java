package org.samplesize.train.tail;

/**
 * The tail's ops, forward and backward, written plainly in double precision: the reference that the
 * fast CPU and CUDA kernels are tested against, and that is itself checked against finite
 * differences. Activations are channel-major, {@code x[c][j]} with {@code j} running over {@code
 * N·H·W} ({@code [C][N][H][W]}). Every backward method overwrites (does not accumulate into) its
 * outputs.
 */
public final class TailOps {
  private TailOps() {}

  /**
   * 1×1 convolution: {@code y[o][j] = b[o] + Σ_i w[o][i]·x[i][j]}.
   *
   * @param w weights {@code cout × cin}
   * @param b biases {@code cout}
   * @param cout output channels
   * @param cin input channels
   * @param x input {@code cin × cols}
   * @param cols pixels times batch ({@code N·H·W})
   * @param y output {@code cout × cols}
   */
  public static void conv1x1Forward(
      double[] w, double[] b, int cout, int cin, double[] x, int cols, double[] y) {
    for (int o = 0; o < cout; o++) {
      int yo = o * cols;
      java.util.Arrays.fill(y, yo, yo + cols, b[o]);
      for (int i = 0; i < cin; i++) {
        double wi = w[o * cin + i];
        int xi = i * cols;
        for (int j = 0; j < cols; j++) {
          y[yo + j] += wi * x[xi + j];
        }
      }
    }
  }

  /**
   * Backward of {@link #conv1x1Forward}: {@code dx = wᵀ·dy}, {@code dw = dy·xᵀ}, {@code db[o] = Σ_j
   * dy[o][j]}.
   *
   * @param w weights {@code cout × cin}
   * @param cout output channels
   * @param cin input channels
   * @param x the forward input {@code cin × cols}
   * @param cols pixels times batch
   * @param dy gradient of the output {@code cout × cols}
   * @param dx gradient of the input {@code cin × cols}, or {@code null} when not needed
   * @param dw gradient of the weights {@code cout × cin}
   * @param db gradient of the biases {@code cout}
   */
  public static void conv1x1Backward(
      double[] w,
      int cout,
      int cin,
      double[] x,
      int cols,
      double[] dy,
      double[] dx,
      double[] dw,
      double[] db) {
    for (int o = 0; o < cout; o++) {
      int yo = o * cols;
      double s = 0;
      for (int j = 0; j < cols; j++) {
        s += dy[yo + j];
      }
      db[o] = s;
      for (int i = 0; i < cin; i++) {
        int xi = i * cols;
        double d = 0;
        for (int j = 0; j < cols; j++) {
          d += dy[yo + j] * x[xi + j];
        }
        dw[o * cin + i] = d;
      }
    }
    if (dx != null) {
      java.util.Arrays.fill(dx, 0, cin * cols, 0.0);
      for (int o = 0; o < cout; o++) {
        int yo = o * cols;
        for (int i = 0; i < cin; i++) {
          double wi = w[o * cin + i];
          int xi = i * cols;
          for (int j = 0; j < cols; j++) {
            dx[xi + j] += wi * dy[yo + j];
          }
        }
      }
    }
  }

  /**
   * Depthwise convolution: {@code y[c][n][oy][ox] = b[c] + Σ_{ky,kx} w[c][ky][kx]·x[c][n][oy·s + ky
   * − padTop][ox·s + kx − padLeft]}, zero outside the input.
   *
   * @param s geometry (channels, kernel, stride, pads); its own weights are ignored
   * @param w weights {@code channels × k × k}
   * @param b biases {@code channels}
   * @param n batch size
   * @param inH input height
   * @param inW input width
   * @param x input {@code channels × n × inH × inW}
   * @param y output {@code channels × n × outH × outW}
   */
  public static void depthwiseForward(
      DepthwiseSpec s, double[] w, double[] b, int n, int inH, int inW, double[] x, double[] y) {
    int k = s.kernel();
    int outH = s.outHeight(inH);
    int outW = s.outWidth(inW);
    for (int c = 0; c < s.channels(); c++) {
      for (int img = 0; img < n; img++) {
        int xp = (c * n + img) * inH * inW;
        int yp = (c * n + img) * outH * outW;
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++) {
            double acc = b[c];
            for (int ky = 0; ky < k; ky++) {
              int iy = oy * s.stride() + ky - s.padTop();
              if (iy < 0 || iy >= inH) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int ix = ox * s.stride() + kx - s.padLeft();
                if (ix < 0 || ix >= inW) {
                  continue;
                }
                acc += w[(c * k + ky) * k + kx] * x[xp + iy * inW + ix];
              }
            }
            y[yp + oy * outW + ox] = acc;
          }
        }
      }
    }
  }

  /**
   * Backward of {@link #depthwiseForward}.
   *
   * @param s geometry
   * @param w weights {@code channels × k × k}
   * @param n batch size
   * @param inH input height
   * @param inW input width
   * @param x the forward input
   * @param dy gradient of the output
   * @param dx gradient of the input (overwritten), or {@code null} when not needed
   * @param dw gradient of the weights (overwritten)
   * @param db gradient of the biases (overwritten)
   */
  public static void depthwiseBackward(
      DepthwiseSpec s,
      double[] w,
      int n,
      int inH,
      int inW,
      double[] x,
      double[] dy,
      double[] dx,
      double[] dw,
      double[] db) {
    int k = s.kernel();
    int outH = s.outHeight(inH);
    int outW = s.outWidth(inW);
    java.util.Arrays.fill(dw, 0, s.channels() * k * k, 0.0);
    java.util.Arrays.fill(db, 0, s.channels(), 0.0);
    if (dx != null) {
      java.util.Arrays.fill(dx, 0, s.channels() * n * inH * inW, 0.0);
    }
    for (int c = 0; c < s.channels(); c++) {
      for (int img = 0; img < n; img++) {
        int xp = (c * n + img) * inH * inW;
        int yp = (c * n + img) * outH * outW;
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++) {
            double g = dy[yp + oy * outW + ox];
            db[c] += g;
            for (int ky = 0; ky < k; ky++) {
              int iy = oy * s.stride() + ky - s.padTop();
              if (iy < 0 || iy >= inH) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int ix = ox * s.stride() + kx - s.padLeft();
                if (ix < 0 || ix >= inW) {
                  continue;
                }
                int wi = (c * k + ky) * k + kx;
                dw[wi] += g * x[xp + iy * inW + ix];
                if (dx != null) {
                  dx[xp + iy * inW + ix] += g * w[wi];
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * ReLU6 in place: {@code x = min(max(x, 0), 6)}.
   *
   * @param x values, changed in place
   * @param len how many leading values
   */
  public static void relu6Forward(double[] x, int len) {
    for (int i = 0; i < len; i++) {
      x[i] = Math.min(Math.max(x[i], 0.0), 6.0);
    }
  }

  /**
   * Backward of ReLU6 from its output, in place: the gradient passes where {@code 0 < y < 6} (which
   * is where {@code 0 < x < 6}) and is zero elsewhere, as in PyTorch and TensorFlow.
   *
   * @param y the forward output
   * @param dy gradient of the output; becomes the gradient of the input
   * @param len how many leading values
   */
  public static void relu6Backward(double[] y, double[] dy, int len) {
    for (int i = 0; i < len; i++) {
      if (!(y[i] > 0.0 && y[i] < 6.0)) {
        dy[i] = 0.0;
      }
    }
  }

  /**
   * Global average pooling from channel-major maps to sample-major features.
   *
   * @param x maps {@code c × n × pixels}
   * @param c channels
   * @param n batch size
   * @param pixels pixels per map
   * @param out features {@code n × c}
   */
  public static void globalAveragePoolForward(double[] x, int c, int n, int pixels, double[] out) {
    for (int ch = 0; ch < c; ch++) {
      for (int img = 0; img < n; img++) {
        int p = (ch * n + img) * pixels;
        double s = 0;
        for (int i = 0; i < pixels; i++) {
          s += x[p + i];
        }
        out[img * c + ch] = s / pixels;
      }
    }
  }

  /**
   * Backward of {@link #globalAveragePoolForward}.
   *
   * @param dout gradient of the features {@code n × c}
   * @param c channels
   * @param n batch size
   * @param pixels pixels per map
   * @param dx gradient of the maps {@code c × n × pixels} (overwritten)
   */
  public static void globalAveragePoolBackward(
      double[] dout, int c, int n, int pixels, double[] dx) {
    for (int ch = 0; ch < c; ch++) {
      for (int img = 0; img < n; img++) {
        double g = dout[img * c + ch] / pixels;
        int p = (ch * n + img) * pixels;
        java.util.Arrays.fill(dx, p, p + pixels, g);
      }
    }
  }

  /**
   * Dense layer, softmax and mean cross-entropy over a batch: {@code logits = x·wᵀ + b}.
   *
   * @param w weights {@code k × d}
   * @param b biases {@code k}
   * @param k classes
   * @param d feature length
   * @param x features {@code n × d} (after dropout)
   * @param n batch size
   * @param labels class per sample, or {@code null} to skip the loss
   * @param probs output probabilities {@code n × k}
   * @return mean cross-entropy, or 0 when {@code labels} is null
   */
  public static double denseSoftmaxForward(
      double[] w, double[] b, int k, int d, double[] x, int n, int[] labels, double[] probs) {
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double z = b[c];
        for (int j = 0; j < d; j++) {
          z += w[c * d + j] * x[i * d + j];
        }
        probs[i * k + c] = z;
        max = Math.max(max, z);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(probs[i * k + c] - max);
      }
      double logSum = max + Math.log(sum);
      if (labels != null) {
        loss += logSum - probs[i * k + labels[i]];
      }
      for (int c = 0; c < k; c++) {
        probs[i * k + c] = Math.exp(probs[i * k + c] - logSum);
      }
    }
    return labels == null ? 0 : loss / n;
  }

  /**
   * Backward of {@link #denseSoftmaxForward} for the mean cross-entropy.
   *
   * @param w weights {@code k × d}
   * @param k classes
   * @param d feature length
   * @param x the forward input {@code n × d}
   * @param n batch size
   * @param labels class per sample
   * @param probs the forward probabilities {@code n × k}
   * @param dx gradient of the input {@code n × d} (overwritten)
   * @param dw gradient of the weights (overwritten)
   * @param db gradient of the biases (overwritten)
   */
  public static void denseSoftmaxBackward(
      double[] w,
      int k,
      int d,
      double[] x,
      int n,
      int[] labels,
      double[] probs,
      double[] dx,
      double[] dw,
      double[] db) {
    java.util.Arrays.fill(dw, 0, k * d, 0.0);
    java.util.Arrays.fill(db, 0, k, 0.0);
    java.util.Arrays.fill(dx, 0, n * d, 0.0);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double g = (probs[i * k + c] - (labels[i] == c ? 1.0 : 0.0)) / n;
        db[c] += g;
        for (int j = 0; j < d; j++) {
          dw[c * d + j] += g * x[i * d + j];
          dx[i * d + j] += g * w[c * d + j];
        }
      }
    }
  }

  /**
   * Transposes sample-major rows {@code [n][c][pixels]} into channel-major {@code [c][n][pixels]}.
   *
   * @param rows input, {@code n × c × pixels}
   * @param n batch size
   * @param c channels
   * @param pixels pixels per map
   * @param out output, {@code c × n × pixels}
   */
  public static void toChannelMajor(float[] rows, int n, int c, int pixels, double[] out) {
    for (int img = 0; img < n; img++) {
      for (int ch = 0; ch < c; ch++) {
        int src = (img * c + ch) * pixels;
        int dst = (ch * n + img) * pixels;
        for (int p = 0; p < pixels; p++) {
          out[dst + p] = rows[src + p];
        }
      }
    }
  }
}
