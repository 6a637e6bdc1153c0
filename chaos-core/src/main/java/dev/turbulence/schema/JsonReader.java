package dev.turbulence.schema;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) reader for {@link Trees}: objects, arrays, strings with every escape ({@code \/} and
 * surrogate pairs too), numbers, {@code true}, {@code false} and {@code null}, any whitespace JSON allows (tabs
 * too). Whole numbers come as {@code Integer}, {@code Long} or {@code BigInteger}, as small as they fit, others as
 * {@code Double} (infinite when too large). Keys given twice are reported under their path; nesting is bounded.
 * One instance reads one document; not thread-safe.
 */
final class JsonReader {

    /** Malformed JSON, with where. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private final Trees.Findings findings;
    private final int maxDepth;
    private int at;

    JsonReader(String text, Problems problems, int maxDepth) {
        this.text = text;
        this.findings = new Trees.Findings(problems);
        this.maxDepth = maxDepth;
    }

    /**
     * Reads the one value {@code text} holds.
     *
     * @throws Malformed when it is not JSON, holds more than one value or nests deeper than allowed
     */
    Object document() {
        Object value = value(FieldPath.ROOT, 0);
        skipWhitespace();
        if (at < text.length()) {
            throw malformed("one JSON value must end the document");
        }
        return value;
    }

    private Object value(FieldPath path, int depth) {
        skipWhitespace();
        if (at >= text.length()) {
            throw malformed("a value is missing");
        }
        char c = text.charAt(at);
        if (c == '{' || c == '[') {
            if (depth >= maxDepth) {
                throw malformed("objects and lists must nest at most " + maxDepth + " levels deep");
            }
            return c == '{' ? object(path, depth) : list(path, depth);
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        for (String literal : new String[] {"true", "false", "null"}) {
            if (text.startsWith(literal, at)) {
                at += literal.length();
                return literal.equals("null") ? null : Boolean.valueOf(literal);
            }
        }
        throw malformed("unexpected character '" + c + "'");
    }

    private Map<String, Object> object(FieldPath path, int depth) {
        Map<String, Object> object = Trees.newObject();
        at++;
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw malformed("a key must be a string in double quotes");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            FieldPath fieldPath = path.key(key);
            Object value = value(fieldPath, depth + 1);
            if (object.containsKey(key)) {
                findings.add(fieldPath, value, "is given twice; give each key once");
            } else {
                object.put(key, value);
            }
            skipWhitespace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> list(FieldPath path, int depth) {
        List<Object> list = Trees.newList();
        at++;
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            list.add(value(path.index(list.size()), depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw malformed("a string is not closed");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw malformed("a control character must be escaped in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw malformed("a string is not closed");
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw malformed("\\u needs four hexadecimal digits");
                    }
                    int code = 0;
                    for (int end = at + 4; at < end; at++) {
                        int digit = Character.digit(text.charAt(at), 16);
                        if (digit < 0) {
                            throw malformed("\\u needs four hexadecimal digits");
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                }
                default -> throw malformed("unknown escape \\" + escaped);
            }
        }
    }

    private Number number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        digits();
        boolean whole = true;
        if (peek() == '.') {
            at++;
            digits();
            whole = false;
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
            whole = false;
        }
        if (at - start > Trees.MAX_NUMBER_LENGTH) {
            throw malformed("a number must be at most " + Trees.MAX_NUMBER_LENGTH + " characters long");
        }
        String number = text.substring(start, at);
        if (number.matches("-?0[0-9].*")) {
            throw malformed("a number must not start with 0");
        }
        if (!whole) {
            return Double.parseDouble(number);
        }
        BigInteger value = new BigInteger(number);
        if (value.bitLength() < 32) {
            return value.intValue();
        }
        return value.bitLength() < 64 ? (Number) value.longValue() : value;
    }

    private void digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw malformed("a digit is missing in a number");
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw malformed("'" + c + "' is missing");
        }
        at++;
    }

    private void skipWhitespace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private Malformed malformed(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Malformed(what + " at line " + line + ", column " + column);
    }
}
