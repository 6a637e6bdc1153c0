package dev.turbulence.schema;

/**
 * Where a value stands in a document, such as {@code assaults[0].fault}: built as the readers walk it, written
 * out only when a problem names it, with a key longer than 64 characters shortened. Immutable.
 */
final class FieldPath {

    /** The document itself. */
    static final FieldPath ROOT = new FieldPath(null, null, -1);

    private final FieldPath parent;
    private final String key;
    private final int index;

    private FieldPath(FieldPath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    FieldPath key(String key) {
        return new FieldPath(this, key, -1);
    }

    FieldPath index(int index) {
        return new FieldPath(this, null, index);
    }

    /** The path as the schemas name fields, {@code (document)} for the document itself. */
    @Override
    public String toString() {
        if (parent == null) {
            return "(document)";
        }
        StringBuilder out = new StringBuilder();
        writeTo(out);
        return out.toString();
    }

    private void writeTo(StringBuilder out) {
        if (parent == null) {
            return;
        }
        parent.writeTo(out);
        if (key == null) {
            out.append('[').append(index).append(']');
        } else {
            out.append(out.length() == 0 ? "" : ".").append(Problems.abbreviate(key));
        }
    }
}
