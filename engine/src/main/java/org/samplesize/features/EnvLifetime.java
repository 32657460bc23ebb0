package org.samplesize.features;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Keeps ONNX Runtime's native environment alive until the process ends. ONNX Runtime's Java API
 * releases the environment in a shutdown hook of its own, and the JVM runs every shutdown hook at
 * once: on Ctrl-C or {@code kill} during a feature pass it released the environment (its logging
 * sink among it) while a batch was still inside {@code OrtSession.run}, whose next log call then
 * jumped through the freed sink (SIGSEGV in {@code libonnxruntime.so}, 1 stop in 16 to 32, with
 * {@link NativeRuns}' hook still waiting for that batch). The native environment is one object
 * counted by its references: one more, taken here and never given back, leaves it standing when
 * that hook gives back Java's; the process's exit reclaims it, after {@link NativeRuns} has let the
 * batches in flight finish.
 *
 * <p>The reference is taken through the Java API's own private entry point (reflection on its
 * classes, which share the class path's unnamed module); where a later version has none, nothing is
 * taken and the run goes on as before.
 */
final class EnvLifetime {
  /** Set once the reference was asked for, taken or not: it is asked for once per JVM. */
  private static volatile boolean tried;

  /**
   * The native environment the reference holds, 0 when none is held; written before {@link #tried}.
   */
  private static long handle;

  private EnvLifetime() {}

  /**
   * Takes the extra reference, once per JVM: every later call (one per batch, through {@link
   * Providers#env}) only reads a flag.
   *
   * @param env the environment (made by then, so the reference is to the same native object)
   * @return whether a reference is held
   */
  static boolean hold(OrtEnvironment env) {
    java.util.Objects.requireNonNull(env, "env");
    if (!tried) {
      take();
    }
    return handle != 0;
  }

  private static synchronized void take() {
    if (tried) {
      return;
    }
    try {
      Class<?> runtime = Class.forName("ai.onnxruntime.OnnxRuntime");
      Field api = runtime.getDeclaredField("ortApiHandle");
      api.setAccessible(true);
      Method create =
          OrtEnvironment.class.getDeclaredMethod(
              "createHandle", long.class, int.class, String.class);
      create.setAccessible(true);
      handle =
          (long)
              create.invoke(
                  null,
                  api.getLong(null),
                  OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING.getValue(),
                  OrtEnvironment.DEFAULT_NAME);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      handle = 0;
    }
    tried = true;
  }

  /**
   * @return the native environment the reference holds (0 when none is held), for tests
   */
  static long heldHandle() {
    return tried ? handle : 0;
  }
}
