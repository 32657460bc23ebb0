package org.samplesize.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;
import org.samplesize.image.ResizeMode;

/**
 * The two Jackson mappers that read and write settings, configured alike. In a class of their own
 * because reading a config file, checking the settings tree, writing {@code settings.yaml} and the
 * resume identity all use them, and none of those should own the others' mapper.
 */
final class SettingsMappers {
  private SettingsMappers() {}

  /** Reads and writes settings as JSON, and builds the trees the settings are checked in. */
  static final ObjectMapper JSON = configure(new ObjectMapper());

  /** Reads a YAML config file and writes {@code settings.yaml}: no document marker, few quotes. */
  static final ObjectMapper YAML =
      configure(
          new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build()));

  /**
   * The reading rules every settings file shares: keys are the kebab-case flag names, unknown keys
   * and nulls for numbers are refused, 1.5 is no whole number, one value is a one-element list.
   */
  private static ObjectMapper configure(ObjectMapper m) {
    m.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    // "epochs: 1.5" must be refused, not truncated to 1.
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // "family: pow3" and "fractions: 0.5" are one-element lists, as --family pow3 is.
    m.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    m.enable(SerializationFeature.INDENT_OUTPUT);
    // A boolean setting takes true or false only (SettingsTree.BOOLEAN): Jackson read
    // "augment: 1" as true and "stratified: 'true'" as true, but refused "stratified: 'yes'".
    for (com.fasterxml.jackson.databind.cfg.CoercionInputShape shape :
        List.of(
            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
            com.fasterxml.jackson.databind.cfg.CoercionInputShape.String,
            com.fasterxml.jackson.databind.cfg.CoercionInputShape.EmptyString)) {
      m.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Boolean)
          .setCoercion(shape, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    }
    // Enum values in any case, as on the command line (--input-layout nhwc, resize: squash).
    for (Class<?> e : List.of(org.samplesize.image.Layout.class, ResizeMode.class)) {
      m.configOverride(e)
          .setFormat(
              com.fasterxml.jackson.annotation.JsonFormat.Value.empty()
                  .withFeature(
                      com.fasterxml.jackson.annotation.JsonFormat.Feature
                          .ACCEPT_CASE_INSENSITIVE_VALUES));
    }
    return m;
  }
}
