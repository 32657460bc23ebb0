package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;
import org.samplesize.InvalidInputException;

/** The settings records share one check of a missing setting ({@link SettingException#require}). */
class SettingExceptionTest {

  /**
   * A copy of a valid record with one component set to null, built by its canonical constructor.
   */
  private static Throwable withNull(Record valid, String component) throws Exception {
    RecordComponent[] parts = valid.getClass().getRecordComponents();
    Class<?>[] types = new Class<?>[parts.length];
    Object[] values = new Object[parts.length];
    for (int i = 0; i < parts.length; i++) {
      types[i] = parts[i].getType();
      values[i] =
          parts[i].getName().equals(component) ? null : parts[i].getAccessor().invoke(valid);
    }
    Constructor<?> c = valid.getClass().getDeclaredConstructor(types);
    InvocationTargetException e =
        assertThrows(InvocationTargetException.class, () -> c.newInstance(values));
    return e.getCause();
  }

  @Test
  void aMissingSettingIsNamedInTheSpecAndTheEnvironmentAlike() throws Exception {
    RunSettings valid = SettingsIO.resolve(null, java.util.Map.of());
    Throwable spec = withNull(valid.spec(), "data");
    assertInstanceOf(InvalidInputException.class, spec);
    assertEquals("setting 'data' is missing: give a value", spec.getMessage());
    Throwable env = withNull(valid.environment(), "out");
    assertInstanceOf(InvalidInputException.class, env);
    assertEquals("setting 'out' is missing: give a value", env.getMessage());
  }

  @Test
  void aRefusedValueNamesTheKeyAndTheValue() {
    SettingException e = SettingException.bad("views", 0, "must be in [1, 64]");
    assertEquals("setting 'views' = 0: must be in [1, 64]", e.getMessage());
    assertEquals("views", e.key());
    assertEquals("must be in [1, 64]", e.why());
  }
}
