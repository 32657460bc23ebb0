package org.samplesize.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.samplesize.InvalidInputException;
import org.samplesize.UnavailableException;
import picocli.CommandLine;

/**
 * A failure while a command runs, said on one line with its exit code: a mistake in the input (2),
 * something outside samplesize that is unavailable (3: network, native library, full disk), or an
 * internal failure (1, its cause; the stack trace with {@code SAMPLESIZE_DEBUG=1}). Kept apart from
 * {@link Main}, which only installs it, so that what a failure says can change on its own.
 */
final class CommandFailures {
  private CommandFailures() {}

  static int handle(Exception e, CommandLine cl, boolean debug) {
    if (jvmStopping()) {
      // Ctrl-C or kill: the stop itself made the command fail (with --spark, Spark's own shutdown
      // hook stops its context under the running job), and run's StopNotice already says what is
      // kept and how to go on. A second line would blame the cluster for the user's Ctrl-C. The
      // JVM exits with the signal's status whatever this returns.
      return Main.EXIT_INTERNAL_ERROR;
    }
    PrintWriter err = cl.getErr();
    String prefix = cl.getCommandSpec().qualifiedName() + ": ";
    Throwable known = findCause(e, InvalidInputException.class, UnavailableException.class);
    Throwable oom = findCause(e, OutOfMemoryError.class);
    Throwable link = nativeLoadFailure(e);
    String vanished;
    String denied;
    int code;
    if (oom != null && known == null) {
      err.println(prefix + "error: " + outOfMemory(oom));
      code = Main.EXIT_INTERNAL_ERROR;
    } else if (link != null && known == null) {
      err.println(
          prefix
              + "error: "
              + nativeLibraryMissing(
                  link, System.getProperty("os.name"), System.getProperty("os.arch")));
      code = Main.EXIT_UNAVAILABLE;
    } else if (known != null) {
      err.println(prefix + "error: " + known.getMessage());
      code = known instanceof UnavailableException ? Main.EXIT_UNAVAILABLE : Main.EXIT_USER_ERROR;
    } else if ((vanished = vanishedFolder(e)) != null) {
      err.println(
          prefix
              + "error: "
              + outermost(e)
              + ": the folder "
              + vanished
              + " was removed or renamed while the command ran: run the same command again (or"
              + " move the folder back first, to resume from what it holds)");
      code = Main.EXIT_UNAVAILABLE;
    } else if ((denied = deniedPath(e)) != null) {
      err.println(prefix + "error: " + permissionDenied(e, denied));
      code = Main.EXIT_UNAVAILABLE;
    } else if (UnavailableException.isDiskFull(e)) {
      err.println(
          prefix
              + "error: "
              + oneLine(e)
              + ". The disk is full: free space on it, or write elsewhere, and run again.");
      code = Main.EXIT_UNAVAILABLE;
    } else {
      err.println(prefix + "internal error: " + describe(e));
      if (!debug) {
        err.println("(set " + Main.ENV_DEBUG + "=1 for the stack trace)");
      }
      code = Main.EXIT_INTERNAL_ERROR;
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** Whether the JVM is shutting down (its shutdown hooks can no longer be added). */
  static boolean jvmStopping() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
    } catch (IllegalStateException shuttingDown) {
      return true;
    }
    Runtime.getRuntime().removeShutdownHook(probe);
    return false;
  }

  /**
   * A native library (OpenCV, OpenBLAS, ONNX Runtime) that could not be loaded, or null: an {@link
   * UnsatisfiedLinkError} anywhere in the cause chain, or the {@link NoClassDefFoundError} that the
   * JVM throws for a JavaCPP class whose loading failed once before.
   */
  static Throwable nativeLoadFailure(Throwable t) {
    Throwable link = findCause(t, UnsatisfiedLinkError.class);
    if (link != null) {
      return link;
    }
    Throwable ncdf = findCause(t, NoClassDefFoundError.class);
    String m = ncdf == null || ncdf.getMessage() == null ? "" : ncdf.getMessage();
    return m.contains("org.bytedeco") || m.contains("ai.onnxruntime") ? ncdf : null;
  }

  /**
   * What to say when a native library does not load: the bundled natives are for Linux x86-64 only,
   * so elsewhere the image, feature and training commands cannot run while {@code fit} (pure Java)
   * can; on Linux x86-64 the usual cause is a damaged JavaCPP cache.
   */
  static String nativeLibraryMissing(Throwable link, String os, String arch) {
    String what = link.getMessage() == null ? link.getClass().getSimpleName() : link.getMessage();
    what = what.lines().findFirst().orElse(what).strip();
    boolean supported =
        os != null
            && os.toLowerCase(Locale.ROOT).startsWith("linux")
            && ("amd64".equals(arch) || "x86_64".equals(arch));
    if (!supported) {
      return "a native library could not be loaded ("
          + what
          + "): samplesize bundles its native libraries (OpenCV, OpenBLAS, ONNX Runtime) for Linux"
          + " x86-64 only, and this is "
          + os
          + " "
          + arch
          + ". Run the image, feature and training commands on Linux x86-64 (a container works);"
          + " 'samplesize fit' on a results table works here";
    }
    return "a native library could not be loaded ("
        + what
        + "): the unpacked copies in ~/.javacpp/cache may be damaged or from another version;"
        + " delete that folder and run again (set "
        + Main.ENV_DEBUG
        + "=1 for the stack trace)";
  }

  /** Environment variable whose JVM options the {@code samplesize} launcher passes to Java. */
  static final String ENV_JAVA_OPTS = "SAMPLESIZE_JAVA_OPTS";

  /**
   * Java ran out of memory: what ran out and what to do, on one line (no stack trace; with {@link
   * Main#ENV_DEBUG} set, the trace follows).
   */
  static String outOfMemory(Throwable oom) {
    String what = oom.getMessage() == null ? "Java heap space" : oom.getMessage();
    long max = Runtime.getRuntime().maxMemory();
    String heap =
        max == Long.MAX_VALUE ? "" : String.format(Locale.ROOT, " (now %d MiB)", max >> 20);
    return "out of memory ("
        + what
        + "): give Java more memory, e.g. "
        + ENV_JAVA_OPTS
        + "=-Xmx8g"
        + heap
        + ", or use fewer --threads, and run again";
  }

  /**
   * The file or folder that the operating system refused to let this command write (a folder made
   * read-only, or owned by another user, while the command ran), or null when the failure is not a
   * refused permission. A file that does not exist (a temporary file the command tried to create)
   * is named by its folder, the thing to make writable.
   */
  static String deniedPath(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.nio.file.AccessDeniedException a && a.getFile() != null) {
        java.nio.file.Path p = java.nio.file.Path.of(a.getFile());
        java.nio.file.Path parent = p.toAbsolutePath().getParent();
        return java.nio.file.Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || parent == null
            ? p.toString()
            : parent.toString();
      }
      if (readOnlyMount(c) && ((java.nio.file.FileSystemException) c).getFile() != null) {
        return ((java.nio.file.FileSystemException) c).getFile();
      }
    }
    return null;
  }

  /**
   * A write the operating system refused, on one line: what failed, where, and what to do; the
   * internal temporary file's name is left out, as it says nothing to a user.
   *
   * @param e the failure
   * @param where its {@link #deniedPath}
   */
  static String permissionDenied(Throwable e, String where) {
    if (onReadOnlyFileSystem(e)) {
      // No permission to change: the whole file system refuses writes.
      return outermost(e)
          + ": the file system holding "
          + where
          + " is mounted read-only: use a folder on a writable one (--out, --cache), and run the"
          + " same command again";
    }
    return outermost(e)
        + ": permission denied writing to "
        + where
        + ": make it writable for this user, or use another folder, and run the same command"
        + " again";
  }

  /** Whether the refused write is refused by a file system mounted read-only. */
  private static boolean onReadOnlyFileSystem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (readOnlyMount(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A write refused by a file system mounted read-only: the failure's reason is the one the file
   * system where the refused file is gives for that refusal ({@link
   * org.samplesize.io.ReadOnlyMounts#refusal}), in the system's language, or the system's EROFS
   * reason in English (a file whose folder is gone, or a failure passed on from elsewhere). Any
   * other failure on a read-only mount (a file not found, an I/O error while reading) is not one.
   */
  private static boolean readOnlyMount(Throwable c) {
    if (!(c instanceof java.nio.file.FileSystemException f)
        || c instanceof java.nio.file.AccessDeniedException
        || f.getReason() == null) {
      return false;
    }
    return f.getReason().contains("Read-only file system")
        || (f.getFile() != null && f.getReason().equals(readOnlyRefusal(f.getFile())));
  }

  private static String readOnlyRefusal(String file) {
    try {
      return org.samplesize.io.ReadOnlyMounts.refusal(java.nio.file.Path.of(file));
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /**
   * The folder a file was to be created in that no longer exists (an output folder removed or
   * renamed while the command wrote into it), or null when the failure is something else.
   */
  static String vanishedFolder(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.nio.file.NoSuchFileException n && n.getFile() != null) {
        java.nio.file.Path parent = java.nio.file.Path.of(n.getFile()).toAbsolutePath().getParent();
        return parent != null && !java.nio.file.Files.exists(parent) ? parent.toString() : null;
      }
    }
    return null;
  }

  /** The message of the outermost failure that says what was being done, on one line. */
  private static String outermost(Throwable e) {
    return String.valueOf(unwrapped(e).getMessage()).replace('\n', ' ');
  }

  /**
   * The failure past any wrapper made from its cause alone ({@code new UncheckedIOException(e)}),
   * which carries the cause's toString() as its message, class name and all: the cause says it in
   * plain words.
   */
  private static Throwable unwrapped(Throwable t) {
    while (t.getCause() != null
        && t.getCause() != t
        && String.valueOf(t.getMessage()).equals(String.valueOf(t.getCause()))) {
      t = t.getCause();
    }
    return t;
  }

  /** The outermost cause of either type, or null. */
  @SafeVarargs
  private static Throwable findCause(Throwable t, Class<? extends Throwable>... types) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(c)) {
          return c;
        }
      }
    }
    return null;
  }

  /** The failure's message and, when it does not already say it, its root cause's, on one line. */
  private static String oneLine(Throwable e) {
    Throwable t = unwrapped(e);
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = String.valueOf(t.getMessage());
    String rootMsg = String.valueOf(root.getMessage());
    String s = root == t || msg.contains(rootMsg) ? msg : msg + ": " + rootMsg;
    return s.replace('\n', ' ');
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t));
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      sb.append("\n  caused by: ").append(c);
    }
    return sb.toString();
  }
}
