package org.samplesize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumberTextTest {
  @ParameterizedTest
  @CsvSource({
    "0.95, 0.95",
    "'  0.95 ', 0.95",
    "-2, -2",
    "+3, 3",
    ".5, 0.5",
    "5., 5",
    "1e3, 1000",
    "2.5E-1, 0.25",
    "1E+2, 100",
  })
  void plainDecimalsAndScientificNotationAreRead(String text, double expected) {
    assertTrue(NumberText.isDecimal(text), text);
    assertEquals(expected, NumberText.parseDecimal(text), 0.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
  void nanAndInfinityAreReadForTheCallerToRefuseByName(String text) {
    assertFalse(Double.isFinite(NumberText.parseDecimal(text)));
  }

  /** Double.parseDouble reads all of these but the last three. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "0.9f     | '0.9f' is not a number: a type suffix (f, d) is not read; write 0.9",
        "0.9D     | '0.9D' is not a number: a type suffix (f, d) is not read; write 0.9",
        "100d     | '100d' is not a number: a type suffix (f, d) is not read; write 100",
        "1e3f     | '1e3f' is not a number: a type suffix (f, d) is not read; write 1e3",
        "0x1p-1   | '0x1p-1' is not a number: hexadecimal is not read; write it in decimal, 0.5",
        "0x1p-3   | '0x1p-3' is not a number: hexadecimal is not read; write it in decimal, 0.125",
        "0x10     | '0x10' is not a number: hexadecimal is not read; write it in decimal, 16",
        "1_000    | '1_000' is not a number: write it without '_', 1000",
        "\u0665   | '\u0665' is not a number: write it with the digits 0 to 9",
        "85.2%    | '85.2%' is not a number: a percentage is not read; write it as a fraction, 0.852",
        "95 %     | '95 %' is not a number: a percentage is not read; write it as a fraction, 0.95",
        "100%     | '100%' is not a number: a percentage is not read; write it as a fraction, 1",
        "1,000    | '1,000' is not a number: write it without the thousands separator ',', 1000",
        "12,345,678 | '12,345,678' is not a number: write it without the thousands separator ',', 12345678",
        "0,85     | '0,85' is not a number: the decimal separator is a point; write 0.85",
        "0,850    | '0,850' is not a number: the decimal separator is a point; write 0.850",
        "12,5     | '12,5' is not a number: the decimal separator is a point; write 12.5",
        "%        | '%' is not a number",
        "1,2,3    | '1,2,3' is not a number",
        "abc      | 'abc' is not a number",
        "f        | 'f' is not a number",
      })
  void javaFormsAreRefusedWithWhatToWrite(String text, String expected) {
    assertFalse(NumberText.isDecimal(text), text);
    NumberFormatException e =
        assertThrows(NumberFormatException.class, () -> NumberText.parseDecimal(text));
    assertEquals(expected, e.getMessage());
  }

  /** A size or a count typed as a percentage is not told to be written as a fraction. */
  @org.junit.jupiter.api.Test
  void aPercentageWhereNoFractionIsAskedIsNotToldToBeOne() {
    assertEquals(
        "'50%' is not a number: a percentage is not read here",
        assertThrows(NumberFormatException.class, () -> NumberText.parseDecimal("50%", false))
            .getMessage());
    assertEquals(
        "'1,000' is not a number: write it without the thousands separator ',', 1000",
        assertThrows(NumberFormatException.class, () -> NumberText.parseDecimal("1,000", false))
            .getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "12       | ",
        "-3       | ",
        "1.5      | '1.5' is not a whole number",
        "1e3      | '1e3' is not a whole number",
        "7L       | '7L' is not a whole number",
        "0x10     | '0x10' is not a whole number: hexadecimal is not read; write it in decimal, 16",
        "\u0663   | '\u0663' is not a whole number: write it with the digits 0 to 9",
        "100d     | '100d' is not a whole number: a type suffix (f, d) is not read; write 100",
        // A count is no fraction: "write it as a fraction, 0.05" was then refused as not whole.
        "5%       | '5%' is not a whole number: a percentage is not read here",
      })
  void wholeNumbersAreDigitsZeroToNineOnly(String text, String expected) {
    if (expected == null) {
      assertEquals(new BigInteger(text), NumberText.parseWhole(text));
    } else {
      assertEquals(
          expected,
          assertThrows(NumberFormatException.class, () -> NumberText.parseWhole(text))
              .getMessage());
    }
  }

  /** Java reads 1e39 as a float Infinity and 1e-400 as 0: numbers the user did not type. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "float  | 3e38     | ",
        "float  | -3e38    | ",
        "float  | 0        | ",
        "float  | 0.000e-99 | ",
        "float  | Infinity | ",
        "float  | 1e39     | '1e39' is out of range: give a number from -3.4e38 to 3.4e38",
        "float  | -1e39    | '-1e39' is out of range: give a number from -3.4e38 to 3.4e38",
        "float  | 1e-46    | '1e-46' is out of range: give 0 or a number of at least 1.4e-45 in size",
        "double | 1e39     | ",
        "double | 1e400    | '1e400' is out of range: give a number from -1.8e308 to 1.8e308",
        "double | 1e-400   | '1e-400' is out of range: give 0 or a number of at least 4.9e-324 in size",
        "double | 0e-400   | ",
      })
  void aNumberTheTypeCannotHoldIsRefusedNamingTheRange(String type, String text, String expected) {
    org.junit.jupiter.api.function.Executable read =
        type.equals("float")
            ? () -> NumberText.parseFloat(text)
            : () -> NumberText.parseDouble(text);
    if (expected == null) {
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(read);
      double v = type.equals("float") ? NumberText.parseFloat(text) : NumberText.parseDouble(text);
      assertEquals(Double.parseDouble(text), v, Math.abs(Double.parseDouble(text)) * 1e-6);
    } else {
      assertEquals(expected, assertThrows(NumberFormatException.class, read).getMessage());
    }
  }
}
