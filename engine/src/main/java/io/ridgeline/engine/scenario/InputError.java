package io.ridgeline.engine.scenario;

/**
 * Bad input, reported to the user as "field: message" (exit status 2 on the command line, HTTP 400 on the web).
 *
 * @see #field()
 */
public class InputError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InputError(String field, String message) {
        super(message.startsWith(field + " ") ? message : field + ": " + message);
        this.field = field;
    }

    /** The dotted path of the offending field, e.g. {@code design.tp}. */
    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String detail() {
        String m = getMessage();
        return m.startsWith(field + ": ") ? m.substring(field.length() + 2) : m.substring(field.length() + 1);
    }
}
