package org.samplesize.train;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The arithmetic of fine-tuning's matrix products. Weights, activations, gradients and the
 * optimiser's state stay fp32 in both; {@link #BF16} rounds the two operands of each 1×1
 * convolution's product to bfloat16 and accumulates in fp32, which doubles the rate of those
 * products on CPUs with AVX512-BF16 and changes results by bf16 rounding.
 */
public enum Precision {
  /** fp32 products (the default; its numbers do not change). */
  FP32("fp32"),
  /** bf16 operands, fp32 accumulation and fp32 master weights; CPUs with AVX512-BF16 only. */
  BF16("bf16");

  /**
   * Bumped whenever a change makes bf16 fine-tuning give other numbers for the same settings (fp32
   * does not change), so that a journaled bf16 experiment is not resumed with models of two kinds.
   * 2: the depthwise weight and bias gradients are summed in float vector lanes.
   */
  public static final int BF16_NUMBERS_VERSION = 2;

  /**
   * What the name of a training backend that ran bf16 products contains ({@link #ofBackend}); the
   * CPU tail names itself with it.
   */
  public static final String BF16_BACKEND_MARK = "bf16 products";

  private final String label;

  Precision(String label) {
    this.label = label;
  }

  /**
   * @return the name a {@code --precision} value uses: {@code fp32}, {@code bf16}
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }

  /**
   * @param text {@code fp32} or {@code bf16}, any case, surrounding blanks ignored
   * @return the precision
   * @throws IllegalArgumentException naming the value and the valid ones
   */
  public static Precision parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Precision p : values()) {
      if (p.label.equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException("precision '" + text + "', expected fp32 or bf16");
  }

  /**
   * The precision that really runs: {@link #BF16} where it was asked for and the device has it,
   * else {@link #FP32} with one line saying why.
   *
   * @param requested what the settings ask for
   * @param bf16UnavailableReason the device's answer: null when bf16 runs natively, else why not
   * @param note receives the one line when bf16 was asked for and cannot run; may be null
   * @return the precision to run
   */
  public static Precision effective(
      Precision requested, Supplier<String> bf16UnavailableReason, Consumer<String> note) {
    if (requested != BF16) {
      return FP32;
    }
    String why = bf16UnavailableReason.get();
    if (why == null) {
      return BF16;
    }
    if (note != null) {
      note.accept("precision bf16: " + why + "; fine-tuning runs in fp32");
    }
    return FP32;
  }

  /**
   * The precision a journaled model really ran in, from its backend's name.
   *
   * @param backendName the name the training backend gave, e.g. {@code cpu (2 threads, bf16
   *     products: oneDNN 3.7.1)}
   * @return {@link #BF16} when the name says bf16 products ran, else {@link #FP32}
   */
  public static Precision ofBackend(String backendName) {
    return backendName != null && backendName.contains(BF16_BACKEND_MARK) ? BF16 : FP32;
  }
}
