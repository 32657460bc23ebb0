package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The extra reference to ONNX Runtime's native environment is to the very object the Java API's
 * environment holds (one native environment, counted by references), so that the API's shutdown
 * hook, which gives back its own reference, no longer frees it under a running batch.
 */
class EnvLifetimeTest {

  @Test
  void theReferenceIsToTheEnvironmentTheSessionsUse() throws Exception {
    OrtEnvironment env = Providers.env();
    assertTrue(EnvLifetime.hold(env), "the reference is taken with this ONNX Runtime version");
    Field h = OrtEnvironment.class.getDeclaredField("nativeHandle");
    h.setAccessible(true);
    long native_ = h.getLong(env);
    assertNotEquals(0L, native_);
    assertEquals(native_, EnvLifetime.heldHandle(), "one native environment, two references");
    assertTrue(EnvLifetime.hold(env), "taken once per JVM");
  }
}
