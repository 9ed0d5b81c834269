package org.tagllm.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * One top-level column of a Parquet file as text, the form every input column takes: strings as they are, numbers
 * as their values ({@code 42}, {@code 0.731}; decimals exactly; dates as ISO dates), booleans as {@code true} or
 * {@code false}, a null as an empty value (an empty CSV cell). Columns that have no such text form (nested groups,
 * lists, raw bytes, INT96 timestamps, times) are {@linkplain #readable() unreadable}: their values are left out.
 */
record ParquetColumn(String name, String type, boolean text, boolean readable) {

    static ParquetColumn of(Type field) {
        String name = field.getName();
        if (!field.isPrimitive()) {
            return new ParquetColumn(name, "a nested group", false, false);
        }
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            return new ParquetColumn(name, "a repeated " + describe(field.asPrimitiveType()), false, false);
        }
        PrimitiveType p = field.asPrimitiveType();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        boolean text = isText(a);
        boolean readable = switch (p.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> text || a instanceof DecimalLogicalTypeAnnotation;
            case INT32, INT64 -> a == null || a instanceof IntLogicalTypeAnnotation
                    || a instanceof DecimalLogicalTypeAnnotation || a.equals(LogicalTypeAnnotation.dateType());
            case FLOAT, DOUBLE, BOOLEAN -> true;
            case INT96 -> false;
        };
        return new ParquetColumn(name, describe(p), text, readable);
    }

    private static boolean isText(LogicalTypeAnnotation a) {
        return a != null && (a.equals(LogicalTypeAnnotation.stringType()) || a.equals(LogicalTypeAnnotation.enumType())
                || a.equals(LogicalTypeAnnotation.jsonType()));
    }

    /** {@code INT64}, {@code BINARY (STRING)}, {@code INT32 (DATE)}: the physical type and its annotation. */
    private static String describe(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return p.getPrimitiveTypeName() + (a == null ? "" : " (" + a + ")");
    }

    /** The value of this column (field {@code index}) in {@code row}, as text; empty for a null. */
    String text(Group row, int index, PrimitiveType type) {
        if (row.getFieldRepetitionCount(index) == 0) {
            return "";
        }
        LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
        return switch (type.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> a instanceof DecimalLogicalTypeAnnotation d
                    ? new BigDecimal(new BigInteger(row.getBinary(index, 0).getBytes()), d.getScale()).toPlainString()
                    : row.getString(index, 0);
            case INT32 -> {
                int v = row.getInteger(index, 0);
                yield a instanceof DecimalLogicalTypeAnnotation d ? BigDecimal.valueOf(v, d.getScale()).toPlainString()
                        : a != null && a.equals(LogicalTypeAnnotation.dateType()) ? LocalDate.ofEpochDay(v).toString()
                        : a instanceof IntLogicalTypeAnnotation i && !i.isSigned() ? Integer.toUnsignedString(v)
                        : Integer.toString(v);
            }
            case INT64 -> {
                long v = row.getLong(index, 0);
                yield a instanceof DecimalLogicalTypeAnnotation d ? BigDecimal.valueOf(v, d.getScale()).toPlainString()
                        : a instanceof IntLogicalTypeAnnotation i && !i.isSigned() ? Long.toUnsignedString(v)
                        : Long.toString(v);
            }
            case FLOAT -> Float.toString(row.getFloat(index, 0));
            case DOUBLE -> Double.toString(row.getDouble(index, 0));
            case BOOLEAN -> Boolean.toString(row.getBoolean(index, 0));
            case INT96 -> throw new IllegalStateException("INT96 column " + name + " is not readable");
        };
    }
}
