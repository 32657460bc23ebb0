package org.samplesize.train;

/**
 * Where a device setting came from, as a refusal of it names it: the {@code --device} flag, or the
 * line of a settings file, so that the message quotes what the user wrote and its advice says where
 * to change it ({@code use --device cpu} on the command line, {@code set device: cpu} in the file).
 *
 * @param givenPrefix what comes before the value to name the setting as given, e.g. {@code
 *     "--device "}
 * @param verb how the advice begins, e.g. {@code "use"}
 * @param optionPrefix what comes before a value the advice proposes, e.g. {@code "--device "}
 */
public record DeviceSource(String givenPrefix, String verb, String optionPrefix) {
  /** The {@code --device} flag (or its default). */
  public static final DeviceSource FLAG = new DeviceSource("--device ", "use", "--device ");

  /**
   * @param where the file, line and key, e.g. {@code config file run.yaml line 2, column 9: setting
   *     'device'}
   * @return the source for a device a settings file gave
   */
  public static DeviceSource inFile(String where) {
    return new DeviceSource(where + " = ", "set", "device: ");
  }

  /**
   * @param value the device as given
   * @return it named as the user gave it, e.g. {@code --device cuda}
   */
  String given(String value) {
    return givenPrefix + value;
  }

  /**
   * @param value a device to give instead
   * @return it as the user would write it there, e.g. {@code device: cpu}
   */
  String option(String value) {
    return optionPrefix + value;
  }
}
