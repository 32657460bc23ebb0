package org.samplesize;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a setting's value came from, as a refusal of it names it: a command-line flag, or the line
 * of a settings file, so that the message quotes what the user wrote and its advice says where to
 * change it ({@code use --device cpu} on the command line, {@code set device: cpu} in the file).
 *
 * @param at the file, line and key, e.g. {@code config file run.yaml line 2, column 9: setting
 *     'device'}; null when the flag (or its default) gave the value
 * @param flag the flag, e.g. {@code --device}
 */
public record SettingSource(String at, String flag) {
  /**
   * @param flag the flag, e.g. {@code --device}
   * @return the source of a value the flag (or its default) gave
   */
  public static SettingSource flag(String flag) {
    return new SettingSource(null, flag);
  }

  /**
   * @param at where the file gave it, or null for the flag
   * @param flag the flag
   * @return the source
   */
  public static SettingSource of(String at, String flag) {
    return new SettingSource(at, flag);
  }

  /**
   * @return the settings file's key: the flag without its leading dashes, e.g. {@code device} or
   *     {@code input-layout}, as settings.yaml writes it
   */
  public String key() {
    return flag.substring(2);
  }

  /**
   * @return what names the setting before its value in a message: the flag, or the file's line and
   *     key followed by {@code =}, e.g. {@code config file run.yaml line 2, column 9: setting
   *     'device' =}
   */
  public String named() {
    return at == null ? flag : at + " =";
  }

  /**
   * @param value the value as given
   * @return the setting named as the user gave it, e.g. {@code --device cuda} or {@code config file
   *     run.yaml line 2, column 9: setting 'device' = cuda}
   */
  public String given(String value) {
    return named() + " " + value;
  }

  /**
   * @return what begins a message whose own wording names no flag: the file's line and key, or
   *     nothing for a flag
   */
  public String prefix() {
    return at == null ? "" : at + ": ";
  }

  /**
   * @param lead what comes before the values, e.g. {@code one of those}, or null
   * @param values the values to give instead
   * @return e.g. {@code use --device cpu or --device auto}, or {@code set device: cpu or device:
   *     auto} in a settings file
   */
  public String advice(String lead, String... values) {
    List<String> items = new ArrayList<>();
    if (lead != null) {
      items.add(lead);
    }
    for (String v : values) {
      items.add(at == null ? flag + " " + v : key() + ": " + v);
    }
    return (at == null ? "use " : "set ") + String.join(" or ", items);
  }
}
