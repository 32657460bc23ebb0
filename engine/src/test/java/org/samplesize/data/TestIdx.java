package org.samplesize.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Small IDX files for tests: image and label files in the Fashion-MNIST layout, gzip-compressed at
 * a chosen level, and a mirror folder of the four files with the {@link FashionMnist.Source} that
 * their checksums make.
 */
public final class TestIdx {
  private TestIdx() {}

  /**
   * @param count images
   * @param rows rows per image
   * @param cols columns per image
   * @param pixel value of pixel {@code (image, offset in image)}
   * @return an IDX images file's content
   */
  public static byte[] images(int count, int rows, int cols, PixelFunction pixel) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < rows * cols; p++) {
        b.put((byte) pixel.at(i, p));
      }
    }
    return b.array();
  }

  /** A pixel value in [0, 255] by image and offset. */
  @FunctionalInterface
  public interface PixelFunction {
    int at(int image, int offset);
  }

  /**
   * @param labels one per item
   * @return an IDX labels file's content
   */
  public static byte[] labels(int[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x801).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  /**
   * @param content bytes
   * @param level deflate level 0..9
   * @return them gzip-compressed at that level
   */
  public static byte[] gzip(byte[] content, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(level);
          }
        }) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  public static String sha256(byte[] b) {
    return hex("SHA-256", b);
  }

  public static String md5(byte[] b) {
    return hex("MD5", b);
  }

  private static String hex(String algorithm, byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A Fashion-MNIST-shaped data set: 28×28 grey images whose brightness rises with the class (mean
   * {@code 30 + 20·label}, plus noise), so a model learns more from more images.
   *
   * @param perClassTrain training images per class
   * @param perClassTest test images per class
   * @param seed the noise seed
   * @return the four files' uncompressed contents by name
   */
  public static Map<String, byte[]> fashionLike(int perClassTrain, int perClassTest, long seed) {
    Map<String, byte[]> files = new HashMap<>();
    SplittableRandom rng = new SplittableRandom(seed);
    for (boolean train : new boolean[] {true, false}) {
      int n = 10 * (train ? perClassTrain : perClassTest);
      int[] labels = new int[n];
      int[] shift = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = i % 10;
        shift[i] = rng.nextInt(-25, 26);
      }
      SplittableRandom noise = rng.split();
      files.put(
          train ? FashionMnist.TRAIN_IMAGES : FashionMnist.TEST_IMAGES,
          images(
              n,
              28,
              28,
              (i, p) ->
                  Math.max(
                      0, Math.min(255, 30 + 20 * labels[i] + shift[i] + noise.nextInt(-20, 21)))));
      files.put(train ? FashionMnist.TRAIN_LABELS : FashionMnist.TEST_LABELS, labels(labels));
    }
    return files;
  }

  /**
   * Writes {@code dir/fashion-mnist/<file>.gz} for each file.
   *
   * @param dir the mirror folder
   * @param files uncompressed contents by name
   * @param level the deflate level
   * @return the source whose checksums these files match (MD5 of the .gz at this level)
   */
  public static FashionMnist.Source mirror(Path dir, Map<String, byte[]> files, int level)
      throws IOException {
    Path f = Files.createDirectories(dir.resolve(FashionMnist.MIRROR_FOLDER));
    Map<String, String> md5 = new HashMap<>();
    Map<String, String> sha = new HashMap<>();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] gz = gzip(e.getValue(), level);
      Files.write(f.resolve(e.getKey() + ".gz"), gz);
      md5.put(e.getKey(), md5(gz));
      sha.put(e.getKey(), sha256(e.getValue()));
    }
    return new FashionMnist.Source(FashionMnist.UPSTREAM, md5, sha);
  }
}
