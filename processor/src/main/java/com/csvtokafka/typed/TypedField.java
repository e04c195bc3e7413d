package com.csvtokafka.typed;

import java.util.List;
import org.apache.avro.Schema;

/**
 * One field of the schema bound to its column: where its value stands in the row (or -1 when the file has no such
 * column and the field's default or null fills it), its type, and for {@code ["null", T]} which union branch is
 * which.
 */
final class TypedField {
    final String name;
    final String column;
    final int index;
    final ValueType type;
    final boolean nullable;
    final int nullBranch;
    final int valueBranch;
    /** The value of a field whose column is missing (its default, or null for a nullable field). */
    final Object missing;

    TypedField(Schema.Field field, String column, int index, Temporal temporal) {
        this.name = field.name();
        this.column = column;
        this.index = index;
        this.type = typeOf(field, temporal);
        Schema s = field.schema();
        this.nullable = s.getType() == Schema.Type.UNION;
        this.nullBranch = nullable ? (s.getTypes().get(0).getType() == Schema.Type.NULL ? 0 : 1) : -1;
        this.valueBranch = nullable ? 1 - nullBranch : -1;
        this.missing = field.hasDefaultValue() ? type.fromDefault(field.defaultVal()) : null;
    }

    /** The type of the field's values; an IllegalArgumentException for a field no CSV value converts to. */
    static ValueType typeOf(Schema.Field field, Temporal temporal) {
        Schema s = field.schema();
        if (s.getType() == Schema.Type.UNION) {
            List<Schema> branches = s.getTypes();
            if (branches.size() != 2 || branches.stream().noneMatch(b -> b.getType() == Schema.Type.NULL)) {
                throw new IllegalArgumentException("--schema: field " + field.name() + " is a union " + s
                        + "; only [\"null\", T] (a nullable T) is supported");
            }
            s = branches.get(0).getType() == Schema.Type.NULL ? branches.get(1) : branches.get(0);
        }
        return ValueType.of(s, field.name(), temporal);
    }

    /** A field whose column is missing from the file may be left out only when it is nullable or has a default. */
    static boolean mayBeMissing(Schema.Field field) {
        return field.hasDefaultValue() || field.schema().getType() == Schema.Type.UNION;
    }
}
