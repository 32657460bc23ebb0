package org.samplesize.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Grey images held in IDX image files ({@code [count, rows, cols]} unsigned bytes), each named
 * {@code DIR/<file>#<index>}, where {@code <file>} is the IDX file's name without {@code .gz}: e.g.
 * {@code DIR/train-images-idx3-ubyte#12345} is image 12345 of {@code train-images-idx3-ubyte}.
 * Immutable and thread-safe.
 */
public final class IdxImages implements InMemoryImages {
  private final Map<String, IdxReader.IdxFile> files;

  /**
   * @param files IDX image files by name (without {@code .gz}), each with three dimensions
   */
  public IdxImages(Map<String, IdxReader.IdxFile> files) {
    for (Map.Entry<String, IdxReader.IdxFile> e : files.entrySet()) {
      if (e.getValue().dims().length != 3 || e.getKey().contains("#")) {
        throw new IllegalArgumentException(
            "IDX image file " + e.getKey() + " needs three dimensions and a name without '#'");
      }
    }
    this.files = new LinkedHashMap<>(files);
  }

  /**
   * @param dir the folder the names are under
   * @param file the IDX file's name without {@code .gz}
   * @param index the image's index in it
   * @return the name of that image, {@code dir/file#index}
   */
  public static Path name(Path dir, String file, int index) {
    return dir.resolve(file + "#" + index);
  }

  @Override
  public Raster raster(Path name) {
    Located l = locate(name);
    int[] d = l.file.dims();
    return new Raster(d[2], d[1], 1, l.file.item(l.index));
  }

  @Override
  public String contentKey(Path name) {
    Located l = locate(name);
    return "idx:" + l.file.sha256() + "#" + l.index;
  }

  private record Located(IdxReader.IdxFile file, int index) {}

  private Located locate(Path name) {
    Objects.requireNonNull(name, "name");
    String s = String.valueOf(name.getFileName());
    int hash = s.lastIndexOf('#');
    IdxReader.IdxFile f = hash > 0 ? files.get(s.substring(0, hash)) : null;
    int index = -1;
    if (f != null) {
      try {
        index = Integer.parseInt(s.substring(hash + 1));
      } catch (NumberFormatException e) {
        index = -1;
      }
    }
    if (f == null || index < 0 || index >= f.count()) {
      throw new IllegalArgumentException(
          name + " names no image of the IDX files " + files.keySet());
    }
    return new Located(f, index);
  }
}
