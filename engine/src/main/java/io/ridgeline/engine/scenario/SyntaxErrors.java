package io.ridgeline.engine.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;

/**
 * A scenario text that is not YAML or JSON, said in the scenario's terms: the line and column, what is wrong there
 * in words a user fixes (a bracket or quote left open, a tab, a colon where no key can start), and the line itself
 * with a caret under the place; never the parser's own names.
 */
public final class SyntaxErrors {

    private SyntaxErrors() {
    }

    /** The message for a text the reader could not parse. */
    public static String describe(JsonProcessingException e, String text) {
        Throwable c = e.getCause();
        while (c != null && !(c instanceof org.yaml.snakeyaml.error.MarkedYAMLException)) {
            c = c.getCause();
        }
        if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            int line = m.getProblemMark().getLine() + 1;
            int column = m.getProblemMark().getColumn() + 1;
            String context = m.getContext() == null ? "" : m.getContext();
            String where = m.getContextMark() == null ? ""
                    : "line " + (m.getContextMark().getLine() + 1) + ", column " + (m.getContextMark().getColumn() + 1);
            String shown = excerpt(text, line, column);
            if (shown.isEmpty() && m.getContextMark() != null) {
                // the problem is past the end of the text: show where the open construct starts
                shown = excerpt(text, m.getContextMark().getLine() + 1, m.getContextMark().getColumn() + 1);
            }
            return "not valid YAML: line " + line + ", column " + column + ": " + plain(m.getProblem(), context, where)
                    + shown;
        }
        // JSON, or a reader message without a mark: its first line, with the line the reader stopped at
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int nl = message.indexOf('\n');
        message = (nl < 0 ? message : message.substring(0, nl)).replaceAll(" in 'reader'", "");
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        return "not valid YAML or JSON" + (line > 0 ? ": line " + line + (column > 0 ? ", column " + column : "")
                : "") + ": " + message + (line > 0 ? excerpt(text, line, Math.max(1, column)) : "");
    }

    private static String plain(String problem, String context, String where) {
        String p = problem == null ? "" : problem.strip();
        String at = where.isEmpty() ? "" : " at " + where;
        if (context.contains("quoted scalar")) {
            return "a quote opened" + at + " is not closed";
        }
        if (context.contains("flow mapping")) {
            return "the { ... } opened" + at + " is not closed (a ',' or '}' was expected here)";
        }
        if (context.contains("flow sequence")) {
            return "the [ ... ] opened" + at + " is not closed (a ',' or ']' was expected here)";
        }
        if (p.contains("'\\t'") || p.contains("\\t")) {
            return "a tab: indent with spaces";
        }
        if (p.startsWith("mapping values are not allowed here")) {
            return "a ':' where no key can start: check this line's indentation against the line above, or quote "
                    + "a value that holds ': '";
        }
        if (context.contains("block mapping") || p.contains("expected <block end>")) {
            return "the indentation does not line up with the keys above" + (where.isEmpty() ? ""
                    : " (the mapping that starts at " + where + ")");
        }
        return p.isEmpty() ? "the text cannot be read here" : p;
    }

    /** The line the problem is on, with a caret under its column. */
    private static String excerpt(String text, int line, int column) {
        List<String> lines = text == null ? List.of() : text.lines().toList();
        if (line < 1 || line > lines.size()) {
            return "";
        }
        String l = lines.get(line - 1).replace('\t', ' ');
        return "\n    " + l + "\n    " + " ".repeat(Math.max(0, Math.min(column - 1, l.length()))) + "^";
    }
}
