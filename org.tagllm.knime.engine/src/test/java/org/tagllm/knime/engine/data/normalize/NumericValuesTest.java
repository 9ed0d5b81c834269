package org.tagllm.knime.engine.data.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every spreadsheet oddity is a bad value with its own reason; none becomes a number, least of all zero. */
class NumericValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-0.77|-0.77", "  3 |3", "+1.5e3|1500", "1.|1", ".5|0.5", "-1E-2|-0.01", "0|0"})
    void plainDecimalsParse(String raw, double expected) throws InvalidValueException {
        assertEquals(expected, NumericValues.parse(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "''|empty value|null",
        "'   '|empty value|null",
        "n/a|missing-value marker|null",
        "NA|missing-value marker|null",
        "#N/A|missing-value marker|null",
        "NaN|not a finite number|null",
        "inf|not a finite number|null",
        "-Infinity|not a finite number|null",
        "1e400|not a finite number|beyond the range of a double",
        "'1,5'|decimal comma|write 1.5",
        "'-0,25'|decimal comma|write -0.25",
        "'1,234'|not a number|',' could be a thousands separator or a decimal comma",
        "'1,234.5'|not a number|',' as a thousands separator; write the digits only",
        "12 mg|not a number|text after the number; units belong in the column name",
        "3.2µM|not a number|text after the number; units belong in the column name",
        "<10|qualified value|a censored measurement: the exact value is not known",
        ">= 5.5|qualified value|a censored measurement: the exact value is not known",
        "−3.2|not a number|'−' (Unicode minus) where '-' is meant",
        "0x1p3|not a number|text after the number; units belong in the column name",
        "1d|not a number|text after the number; units belong in the column name",
        "abc|not a number|null"})
    void everythingElseIsBadWithAReason(String raw, String reason, String detail) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> NumericValues.parse(raw));
        assertEquals(reason, e.reason(), raw);
        assertEquals(detail, e.detail(), raw);
    }

    @Test
    void javaLiteralsThatParseDoubleAcceptsAreRefused() {
        for (String javaOnly : new String[] {"1f", "2D", "0x10", "Infinity", "1_000"}) {
            assertThrows(InvalidValueException.class, () -> NumericValues.parse(javaOnly), javaOnly);
        }
    }
}
