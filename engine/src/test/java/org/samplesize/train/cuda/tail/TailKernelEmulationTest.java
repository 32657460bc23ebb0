package org.samplesize.train.cuda.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.train.Adam;
import org.samplesize.train.cpu.tail.CpuTailOpsAccess;
import org.samplesize.train.tail.Conv1x1Spec;
import org.samplesize.train.tail.DepthwiseSpec;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailDeviceOps;
import org.samplesize.train.tail.TailDeviceOps.Buffer;
import org.samplesize.train.tail.TailLayout;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * The CUDA tail's kernels without a GPU: the launches {@link CudaTailOps} makes ({@link
 * TailLaunches}: which kernel, grid, buffers and shape arguments) run the real kernel source on the
 * host ({@link HostKernelProgram}), and every result is compared with the CPU tail's op on the same
 * inputs. The shapes are tiny but cover what the real tail has and more: stride 1 and 2, TF
 * (asymmetric) and symmetric padding, a 5×5 kernel, blocks with and without expansion, channel
 * counts and widths that are not a multiple of any vector width, more output pixels per channel
 * than threads per block (so the weight gradient's threads loop). Skips when no {@code g++} is
 * installed.
 *
 * <p>Tolerances: element-wise kernels, the depthwise forward pass, pooling, the input gradient and
 * Adam add the same float terms in the same order as the CPU code, so they must agree exactly (sign
 * of zero aside). The depthwise weight and bias gradients are sums over {@code n·oh·ow} terms that
 * the CPU adds in float per element across images then in double, and the GPU in float per thread
 * then in a tree over the block; by the classic bound for recursive summation each differs from the
 * exact sum by at most {@code (chain length)·2⁻²⁴·Σ|term|}, so the two may differ by {@code (n +
 * ⌈n·oh·ow/256⌉ + log₂256 + 2)·2⁻²⁴·Σ|g|·max|x|} (bias: {@code max|x| = 1}).
 */
class TailKernelEmulationTest {
  private static final int N = 4;
  private static final int CLASSES = 3;

  /**
   * 6×8×10 in; a: expand 6→11, 3×3 s1 pad 1, project →6, residual; b: expand 6→13, 3×3 s2 TF pads
   * (0,0,1,1) to 4×5, project →9; c: no expansion, 5×5 s2 pads (1,1,2,2) to 2×2, project →7; d: no
   * expansion, 3×3 s1, project →7, residual; last 7→10.
   */
  static TailSpec spec(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    InvertedResidualSpec a =
        new InvertedResidualSpec(
            "block_a",
            "in",
            "a",
            6,
            8,
            10,
            conv(r, 6, 11, true),
            dw(r, 11, 3, 1, 1, 1, 1, 1),
            conv(r, 11, 6, false),
            true);
    InvertedResidualSpec b =
        new InvertedResidualSpec(
            "block_b",
            "a",
            "b",
            6,
            8,
            10,
            conv(r, 6, 13, true),
            dw(r, 13, 3, 2, 0, 0, 1, 1),
            conv(r, 13, 9, false),
            false);
    InvertedResidualSpec c =
        new InvertedResidualSpec(
            "block_c",
            "b",
            "c",
            9,
            4,
            5,
            null,
            dw(r, 9, 5, 2, 1, 1, 2, 2),
            conv(r, 9, 7, false),
            false);
    InvertedResidualSpec d =
        new InvertedResidualSpec(
            "block_d",
            "c",
            "d",
            7,
            2,
            2,
            null,
            dw(r, 7, 3, 1, 1, 1, 1, 1),
            conv(r, 7, 7, false),
            true);
    return new TailSpec(
        "emulated", "in", null, "feature", 6, 8, 10, List.of(a, b, c, d), conv(r, 7, 10, true));
  }

  private static Conv1x1Spec conv(SplittableRandom r, int cin, int cout, boolean relu6) {
    return new Conv1x1Spec(
        cin, cout, random(r, cin * cout, 0.5), random(r, cout, 0.5), relu6, "conv" + cout);
  }

  private static DepthwiseSpec dw(
      SplittableRandom r, int c, int k, int stride, int pt, int pl, int pb, int pr) {
    return new DepthwiseSpec(
        c, k, stride, pt, pl, pb, pr, random(r, c * k * k, 0.6), random(r, c, 0.5), true, "dw" + c);
  }

  private static float[] random(SplittableRandom r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * r.nextGaussian());
    }
    return v;
  }

  /** One comparison: the CPU's values and a per-element tolerance (null: exact). */
  private record Check(String label, float[] expected, float[] tolerance) {}

  @Test
  void everyKernelMatchesTheCpuOp(@TempDir Path dir) throws Exception {
    assumeTrue(
        HostKernelProgram.hasCompiler(),
        "skipped: no g++ to compile the kernel source for the host");
    TailSpec spec = spec(91);
    TailLayout layout = TailLayout.of(spec);
    SplittableRandom r = new SplittableRandom(92);
    int d = spec.featureDim();
    TailParameters p =
        TailParameters.of(spec, CLASSES, random(r, CLASSES * d, 0.1), new float[CLASSES]);
    TailAdam tailAdam = TailAdam.recipe();
    Adam adam = tailAdam.adam();

    HostKernelProgram gpu = new HostKernelProgram();
    int tensors = layout.head();
    HostKernelProgram.Array[] params = new HostKernelProgram.Array[tensors];
    HostKernelProgram.Array[] grads = new HostKernelProgram.Array[tensors];
    HostKernelProgram.Array[] m = new HostKernelProgram.Array[tensors];
    HostKernelProgram.Array[] v = new HostKernelProgram.Array[tensors];
    long[] lengths = new long[tensors];
    for (int i = 0; i < tensors; i++) {
      int len = p.tensor(i).length;
      params[i] = gpu.array("param" + i, p.tensor(i));
      grads[i] = gpu.zeros("grad" + i, len);
      m[i] = gpu.zeros("m" + i, len);
      v[i] = gpu.zeros("v" + i, len);
      lengths[i] = len;
    }
    TailLaunches launches = new TailLaunches(spec, layout, params, grads, m, v, lengths, gpu);
    List<Check> checks = new ArrayList<>();

    try (TailDeviceOps cpu = CpuTailOpsAccess.open(spec, CLASSES, N, 2, tailAdam)) {
      cpu.loadParameters(p);

      // trunk rows → channel-major
      float[] trunk = random(r, N * spec.inputSize(), 1);
      Buffer cpuInput = cpu.allocate("input", (long) N * spec.inputSize());
      cpu.loadInput(trunk, N, cpuInput);
      HostKernelProgram.Array input = gpu.zeros("input", N * spec.inputSize());
      launches.toChannelMajor(gpu.array("rows", trunk), input, N);
      gpu.dump("input", input);
      checks.add(exact("input", CpuTailOpsAccess.read(cpuInput, N * spec.inputSize())));

      for (int b = 0; b < spec.blocks().size(); b++) {
        depthwise(b, spec, layout, cpu, gpu, launches, grads, r, checks);
        InvertedResidualSpec s = spec.blocks().get(b);
        int cols = N * s.outHeight() * s.outWidth();
        int len = s.outChannels() * cols;
        float[] residual = random(r, len, 2);
        for (boolean withResidual : new boolean[] {true, false}) {
          String label = "fill" + b + (withResidual ? "r" : "");
          Buffer cpuOut = cpu.allocate(label, len);
          Buffer cpuRes = cpu.allocate("residual", len);
          CpuTailOpsAccess.write(cpuRes, residual);
          cpu.fillBias(
              layout.project(b) + 1, withResidual ? cpuRes : null, s.outChannels(), cols, cpuOut);
          HostKernelProgram.Array out = gpu.zeros(label, len);
          launches.fillBias(
              layout.project(b) + 1,
              withResidual ? gpu.array(label + "_res", residual) : null,
              s.outChannels(),
              cols,
              out);
          gpu.dump(label, out);
          checks.add(exact(label, CpuTailOpsAccess.read(cpuOut, len)));
        }
      }

      // last convolution: bias, ReLU6 and pooling; then the pooling's backward pass
      int pixels = spec.finalHeight() * spec.finalWidth();
      int lastLen = d * N * pixels;
      float[] last = random(r, lastLen, 4);
      Buffer cpuLast = cpu.allocate("last", lastLen);
      CpuTailOpsAccess.write(cpuLast, last);
      float[] pooled = new float[N * d];
      cpu.reluPool(cpuLast, layout.lastConv() + 1, d, N, pixels, pooled);
      HostKernelProgram.Array gLast = gpu.array("last", last);
      HostKernelProgram.Array gPooled = gpu.zeros("pooled", N * d);
      launches.reluPool(gLast, layout.lastConv() + 1, d, N, pixels, gPooled);
      gpu.dump("last", gLast);
      gpu.dump("pooled", gPooled);
      checks.add(exact("last", CpuTailOpsAccess.read(cpuLast, lastLen)));
      checks.add(exact("pooled", pooled));
      float[] dPooled = random(r, N * d, 1);
      Buffer cpuGrad = cpu.allocate("pool grad", lastLen);
      cpu.poolBackward(cpuLast, dPooled, d, N, pixels, cpuGrad);
      HostKernelProgram.Array gGrad = gpu.zeros("poolgrad", lastLen);
      launches.poolBackward(gLast, gpu.array("dpooled", dPooled), d, N, pixels, gGrad);
      gpu.dump("poolgrad", gGrad);
      checks.add(exact("poolgrad", CpuTailOpsAccess.read(cpuGrad, lastLen)));

      // residual gradient: into += from
      float[] into = random(r, 37, 1);
      float[] from = random(r, 37, 1);
      Buffer cpuInto = cpu.allocate("into", 37);
      Buffer cpuFrom = cpu.allocate("from", 37);
      CpuTailOpsAccess.write(cpuInto, into);
      CpuTailOpsAccess.write(cpuFrom, from);
      cpu.addInto(cpuFrom, cpuInto, 37);
      HostKernelProgram.Array gInto = gpu.array("into", into);
      launches.addInto(gpu.array("from", from), gInto, 37);
      gpu.dump("into", gInto);
      checks.add(exact("into", CpuTailOpsAccess.read(cpuInto, 37)));

      // Adam, two steps, on the same gradients: the 1×1 convolutions' get random ones, the
      // depthwise ones are the CPU's from above (copied, so that both sides start equal)
      for (int i = 0; i < tensors; i++) {
        if (isPointwiseWeight(layout, spec, i)) {
          Buffer gw = cpu.gradient(i);
          Buffer gb = cpu.gradient(i + 1);
          CpuTailOpsAccess.write(gw, random(r, p.tensor(i).length, 0.1));
          CpuTailOpsAccess.write(gb, random(r, p.tensor(i + 1).length, 0.1));
        }
      }
      TailParameters g = TailParameters.zerosLike(p);
      cpu.readGradients(g);
      for (int i = 0; i < tensors; i++) {
        gpu.set(grads[i], g.tensor(i));
      }
      for (int step = 1; step <= 2; step++) {
        cpu.adamStep(adam.alpha(step));
        launches.adamStep(
            adam.alpha(step), adam.oneMinusBeta1(), adam.oneMinusBeta2(), adam.epsilon());
      }
      TailParameters after = TailParameters.zerosLike(p);
      cpu.readParameters(after);
      for (int i = 0; i < tensors; i++) {
        gpu.dump("adam" + i, params[i]);
        checks.add(exact("adam" + i, after.tensor(i)));
        assertTrue(!java.util.Arrays.equals(after.tensor(i), p.tensor(i)), "no Adam step");
      }
    }

    assertEquals(TailKernels.NAMES.size(), usedKernels(gpu), "every kernel is emulated");
    Map<String, float[]> out = gpu.run(dir);
    for (Check c : checks) {
      float[] actual = out.get(c.label());
      assertEquals(c.expected().length, actual.length, c.label());
      for (int i = 0; i < actual.length; i++) {
        float tol = c.tolerance() == null ? 0f : c.tolerance()[i];
        float e = c.expected()[i];
        assertTrue(
            Math.abs(e - actual[i]) <= tol,
            c.label()
                + "["
                + i
                + "]: CPU "
                + e
                + ", CUDA kernel "
                + actual[i]
                + " (tolerance "
                + tol
                + ")");
      }
    }
  }

  private static int usedKernels(HostKernelProgram gpu) {
    String src = gpu.source();
    int used = 0;
    for (String k : TailKernels.NAMES) {
      if (src.contains("run(\"" + k + "\"")) {
        used++;
      }
    }
    return used;
  }

  private static boolean isPointwiseWeight(TailLayout layout, TailSpec spec, int i) {
    if (i == layout.lastConv()) {
      return true;
    }
    for (int b = 0; b < spec.blocks().size(); b++) {
      if (i == layout.project(b)
          || (spec.blocks().get(b).expand() != null && i == layout.expand(b))) {
        return true;
      }
    }
    return false;
  }

  /** Forward and backward through block {@code b}'s depthwise convolution on both sides. */
  private static void depthwise(
      int b,
      TailSpec spec,
      TailLayout layout,
      TailDeviceOps cpu,
      HostKernelProgram gpu,
      TailLaunches launches,
      HostKernelProgram.Array[] grads,
      SplittableRandom r,
      List<Check> checks) {
    InvertedResidualSpec s = spec.blocks().get(b);
    int hidden = s.hiddenChannels();
    int inLen = hidden * N * s.inHeight() * s.inWidth();
    int outPixels = s.outHeight() * s.outWidth();
    int outLen = hidden * N * outPixels;
    // wide enough that ReLU6 clips at both ends, so the masks have zeros
    float[] in = random(r, inLen, 4);
    Buffer cpuIn = cpu.allocate("in", inLen);
    Buffer cpuOut = cpu.allocate("out", outLen);
    CpuTailOpsAccess.write(cpuIn, in);
    cpu.depthwiseForward(b, cpuIn, cpuOut, N);
    HostKernelProgram.Array gIn = gpu.array("dwin" + b, in);
    HostKernelProgram.Array gOut = gpu.zeros("dwout" + b, outLen);
    launches.depthwiseForward(b, gIn, gOut, N);
    gpu.dump("dwin" + b, gIn);
    gpu.dump("dwout" + b, gOut);
    float[] act = CpuTailOpsAccess.read(cpuIn, inLen);
    float[] out = CpuTailOpsAccess.read(cpuOut, outLen);
    checks.add(exact("dwin" + b, act));
    checks.add(exact("dwout" + b, out));

    float[] gradOut = random(r, outLen, 1);
    Buffer cpuG = cpu.allocate("gout", outLen);
    Buffer cpuGIn = cpu.allocate("gin", inLen);
    CpuTailOpsAccess.write(cpuG, gradOut);
    cpu.depthwiseBackward(b, cpuG, cpuOut, cpuIn, cpuGIn, N);
    HostKernelProgram.Array gG = gpu.array("gout" + b, gradOut);
    HostKernelProgram.Array gGIn = gpu.zeros("gin" + b, inLen);
    launches.depthwiseBackward(b, gG, gOut, gIn, gGIn, N);
    gpu.dump("gin" + b, gGIn);
    int wi = layout.depthwise(b);
    gpu.dump("dwgw" + b, grads[wi]);
    gpu.dump("dwgb" + b, grads[wi + 1]);
    checks.add(exact("gin" + b, CpuTailOpsAccess.read(cpuGIn, inLen)));
    TailParameters g =
        TailParameters.of(
            spec, CLASSES, new float[CLASSES * spec.featureDim()], new float[CLASSES]);
    cpu.readGradients(g);

    // the bound on the two summation orders' difference, per channel
    int k = s.depthwise().kernel();
    int terms = N * outPixels;
    double chain = N + Math.ceil(terms / (double) TailKernels.BLOCK) + 8 + 2;
    float[] tolW = new float[hidden * k * k];
    float[] tolB = new float[hidden];
    for (int c = 0; c < hidden; c++) {
      double sumG = 0;
      for (int j = 0; j < terms; j++) {
        float y = out[c * terms + j];
        sumG += y > 0f && y < 6f ? Math.abs(gradOut[c * terms + j]) : 0;
      }
      double maxX = 0;
      int inPlane = N * s.inHeight() * s.inWidth();
      for (int j = 0; j < inPlane; j++) {
        maxX = Math.max(maxX, Math.abs(act[c * inPlane + j]));
      }
      double unit = chain * 0x1p-24;
      java.util.Arrays.fill(tolW, c * k * k, (c + 1) * k * k, (float) (unit * sumG * maxX + 1e-30));
      tolB[c] = (float) (unit * sumG + 1e-30);
    }
    checks.add(new Check("dwgw" + b, g.tensor(wi), tolW));
    checks.add(new Check("dwgb" + b, g.tensor(wi + 1), tolB));
  }

  /**
   * The source is valid CUDA C: {@code nvcc} (when installed; no GPU needed) compiles it to PTX
   * with the options NVRTC gets at run time.
   */
  @Test
  void sourceCompilesAsCuda(@TempDir Path dir) throws Exception {
    assumeTrue(runs("nvcc", "--version"), "skipped: no nvcc to compile the kernel source");
    Path src = dir.resolve("tail_kernels.cu");
    java.nio.file.Files.writeString(src, TailKernels.SOURCE);
    Path ptx = dir.resolve("tail_kernels.ptx");
    Process p =
        new ProcessBuilder(
                "nvcc",
                "-ptx",
                "--fmad=false",
                "-arch=compute_90",
                "-o",
                ptx.toString(),
                src.toString())
            .redirectErrorStream(true)
            .start();
    String log =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "nvcc timed out");
    assertEquals(0, p.exitValue(), "nvcc failed:\n" + log);
    String text = java.nio.file.Files.readString(ptx);
    for (String k : TailKernels.NAMES) {
      assertTrue(text.contains(".entry " + k + "("), "no entry point " + k + " in the PTX");
    }
  }

  private static boolean runs(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Check exact(String label, float[] expected) {
    return new Check(label, expected, null);
  }
}
