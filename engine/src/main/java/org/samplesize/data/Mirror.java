package org.samplesize.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the offline mirror, a folder laid out like {@code shared/data} ({@code
 * flowers/flower_photos/<class>/…} or {@code flowers/flower_photos.tgz}, and {@code
 * models/<file>.onnx}), in one order for every command: {@code --mirror}, else {@code
 * $SAMPLESIZE_MIRROR}, else the folder {@code shared/data} beside the samplesize checkout (the
 * folder holding the {@code samplesize} launcher, which passes it as the system property {@value
 * #HOME_PROPERTY}) when that folder exists and has the mirror layout. The first two are taken as
 * given (a wrong one is reported where it is used); the third is only a default, so a folder
 * without the layout is passed over.
 */
public final class Mirror {
  private Mirror() {}

  /** Environment variable naming the mirror folder. */
  public static final String ENV = "SAMPLESIZE_MIRROR";

  /**
   * System property holding the samplesize checkout's root folder (set by the launcher script); its
   * sibling {@code shared/data} is the last place a mirror is looked for.
   */
  public static final String HOME_PROPERTY = "samplesize.home";

  /** The {@link Choice#source()} of the default mirror, {@code shared/data} beside the checkout. */
  public static final String SIBLING_SOURCE = "shared/data beside the samplesize checkout";

  /**
   * A mirror and why it was chosen.
   *
   * @param dir the mirror folder
   * @param source where it came from: {@code --mirror}, {@code $SAMPLESIZE_MIRROR}, or the
   *     checkout's sibling folder
   */
  public record Choice(Path dir, String source) {
    /** Checks the fields. */
    public Choice {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(source, "source");
    }

    /**
     * @return one line for the user and the provenance, e.g. {@code /work/shared/data (from
     *     $SAMPLESIZE_MIRROR)}
     */
    public String describe() {
      return dir + " (from " + source + ")";
    }

    /**
     * @return true for the default mirror beside the checkout, which nobody named: a data set it
     *     lacks is fetched as without a mirror
     */
    public boolean isDefault() {
      return source.equals(SIBLING_SOURCE);
    }
  }

  /**
   * The mirror under this process's environment and {@value #HOME_PROPERTY}.
   *
   * @param flag the {@code --mirror} value, or null
   * @return the mirror, or null when there is none
   */
  public static Choice find(Path flag) {
    return find(flag, "--mirror");
  }

  /**
   * @param flag the {@code --mirror} value, or null
   * @param env environment variables ({@link #ENV} is read)
   * @param home the samplesize checkout's root folder, or null when unknown
   * @return the mirror, or null when there is none
   */
  public static Choice find(Path flag, Map<String, String> env, String home) {
    return find(flag, "--mirror", env, home);
  }

  /**
   * The mirror where the folder may come from more than one place, e.g. a run's {@code mirror}
   * setting, which the flag or a settings file gives.
   *
   * @param setting the folder given, or null
   * @param from where it was given, for {@link Choice#describe}
   * @return the mirror, or null when there is none
   */
  public static Choice find(Path setting, String from) {
    return find(setting, from, System.getenv(), System.getProperty(HOME_PROPERTY));
  }

  private static Choice find(Path flag, String from, Map<String, String> env, String home) {
    if (flag != null) {
      return new Choice(flag, from);
    }
    String e = env.get(ENV);
    if (e != null && !e.isBlank()) {
      return new Choice(Path.of(e), "$" + ENV);
    }
    Path sibling = sibling(home);
    if (sibling != null && hasLayout(sibling)) {
      return new Choice(sibling, SIBLING_SOURCE);
    }
    return null;
  }

  /**
   * @param home the checkout's root folder, or null
   * @return {@code home/../shared/data} (absolute, normalised), or null when {@code home} is null,
   *     blank, not a path, or has no parent
   */
  static Path sibling(String home) {
    if (home == null || home.isBlank()) {
      return null;
    }
    try {
      Path parent = Path.of(home).toAbsolutePath().normalize().getParent();
      return parent == null ? null : parent.resolve("shared").resolve("data");
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * @param dir a folder
   * @return true when it holds {@code flowers/flower_photos/} or {@code flowers/flower_photos.tgz},
   *     and a {@code models/} folder
   */
  public static boolean hasLayout(Path dir) {
    Path flowers = dir.resolve("flowers");
    return (Files.isDirectory(flowers.resolve("flower_photos"))
            || Files.isRegularFile(flowers.resolve("flower_photos.tgz")))
        && Files.isDirectory(dir.resolve("models"));
  }
}
