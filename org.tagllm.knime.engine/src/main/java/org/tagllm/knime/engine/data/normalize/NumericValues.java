package org.tagllm.knime.engine.data.normalize;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Numeric targets, parsed strictly: a plain decimal number with {@code .} as decimal separator and an optional
 * exponent, surrounding white space allowed. Whatever else a spreadsheet export holds (empty cells, "n/a", NaN,
 * infinities, "1,5", "12 mg", "&lt;10") is a bad value with a reason, never a zero.
 */
public final class NumericValues {

    public static final String EMPTY = TextNormalizer.EMPTY;
    public static final String MISSING_MARKER = "missing-value marker";
    public static final String NOT_FINITE = "not a finite number";
    public static final String DECIMAL_COMMA = "decimal comma";
    public static final String QUALIFIED = "qualified value";
    public static final String NOT_A_NUMBER = "not a number";

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern COMMA_DECIMAL = Pattern.compile("[+-]?\\d*,\\d+");
    private static final Pattern THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");
    private static final Pattern QUALIFIER = Pattern.compile("(<=|>=|<|>|~|≤|≥|≈)\\s*[+-]?[\\d.].*");
    private static final Pattern NUMBER_THEN_TEXT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*"
            + "[^\\d\\s.,].*");
    private static final Set<String> MISSING = Set.of("na", "n/a", "#n/a", "n.a.", "nd", "n.d.", "null", "none",
            "missing", "?", "-", "--", "—");
    private static final Set<String> NON_FINITE = Set.of("nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity",
            "+infinity", "-infinity", "∞", "+∞", "-∞");

    private NumericValues() {}

    public static double parse(String raw) throws InvalidValueException {
        String value = raw.strip();
        if (value.isEmpty()) {
            throw new InvalidValueException(EMPTY);
        }
        if (DECIMAL.matcher(value).matches()) {
            double d = Double.parseDouble(value);
            if (!Double.isFinite(d)) {
                throw new InvalidValueException(NOT_FINITE, "beyond the range of a double");
            }
            return d;
        }
        throw whyNot(value);
    }

    private static InvalidValueException whyNot(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (MISSING.contains(lower)) {
            return new InvalidValueException(MISSING_MARKER);
        }
        if (NON_FINITE.contains(lower)) {
            return new InvalidValueException(NOT_FINITE);
        }
        if (THOUSANDS.matcher(value).matches()) {
            boolean oneCommaOnly = value.indexOf(',') == value.lastIndexOf(',') && value.indexOf('.') < 0;
            return new InvalidValueException(NOT_A_NUMBER, oneCommaOnly
                    ? "',' could be a thousands separator or a decimal comma"
                    : "',' as a thousands separator; write the digits only");
        }
        if (COMMA_DECIMAL.matcher(value).matches()) {
            return new InvalidValueException(DECIMAL_COMMA, "write " + value.replace(',', '.'));
        }
        if (QUALIFIER.matcher(value).matches()) {
            return new InvalidValueException(QUALIFIED, "a censored measurement: the exact value is not known");
        }
        if (value.indexOf('\u2212') >= 0) {
            return new InvalidValueException(NOT_A_NUMBER, "'−' (Unicode minus) where '-' is meant");
        }
        if (NUMBER_THEN_TEXT.matcher(value).matches()) {
            return new InvalidValueException(NOT_A_NUMBER, "text after the number; units belong in the column name");
        }
        return new InvalidValueException(NOT_A_NUMBER);
    }
}
