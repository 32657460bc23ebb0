package org.samplesize.experiment;

import org.samplesize.InvalidInputException;

/**
 * A setting whose value is refused, with the setting's key, its value and why apart, so that {@link
 * SettingsIO#resolve} can name where the value came from: the flag as it was typed ({@code --target
 * 92: ...}), or the config file and its key. Its own message names the key: {@code setting
 * 'targets' = [92.0]: ...}.
 */
final class SettingException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String why;
  private final int item;

  /**
   * @param key the setting's key, e.g. {@code targets}
   * @param value the value refused
   * @param why what is wrong and what to do
   * @param cause the underlying failure, or null
   */
  SettingException(String key, Object value, String why, Throwable cause) {
    this(key, value, -1, why, cause);
  }

  /**
   * @param key the setting's key, e.g. {@code fractions}
   * @param value the value refused
   * @param item the list item refused (from 0), or -1 for the whole value
   * @param why what is wrong and what to do
   * @param cause the underlying failure, or null
   */
  SettingException(String key, Object value, int item, String why, Throwable cause) {
    super("setting '" + key + "' = " + value + ": " + why, cause);
    this.key = key;
    this.why = why;
    this.item = item;
  }

  /**
   * @return the list item refused (from 0), so that a config file's message points at its line; -1
   *     when the value as a whole is
   */
  int item() {
    return item;
  }

  /**
   * @return the setting's key
   */
  String key() {
    return key;
  }

  /**
   * @return what is wrong and what to do, without the setting and its value
   */
  String why() {
    return why;
  }

  /**
   * A setting that must be given ({@link ExperimentSpec}, {@link RunEnvironment}).
   *
   * @param value the setting's value
   * @param key the setting's key, e.g. {@code data}
   * @param <T> its type
   * @return the value
   * @throws InvalidInputException naming the key when the value is null
   */
  static <T> T require(T value, String key) {
    if (value == null) {
      throw new InvalidInputException("setting '" + key + "' is missing: give a value");
    }
    return value;
  }

  /**
   * @param key the setting's key
   * @param value the value refused
   * @param why what is wrong and what to do
   * @return the exception to throw
   */
  static SettingException bad(String key, Object value, String why) {
    return new SettingException(key, value, why, null);
  }
}
