package dev.sidecar.kubernetes;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Kubernetes' dependent environment variables: in {@code command}, {@code args} and {@code env} values, {@code $(NAME)}
 * is replaced by the value of the container's variable {@code NAME} (an env value sees only the variables before it),
 * {@code $$} stands for one {@code $}, and any other {@code $} is kept. Docker expands nothing, so the import expands
 * and the export escapes: the process gets the same text on both. A variable whose value exists only once the pod
 * runs (the pod's IP, its uid, a resource the engine decides) is known by name but has no value here: a reference to
 * it is reported to the caller, which refuses it.
 */
final class Expansion {

    private Expansion() {
    }

    /**
     * {@code text} with Kubernetes' expansion applied, given the variables defined so far; a variable mapped to
     * {@code null} has a value only at run time: {@code runtimeReference} gets its name and the reference is kept.
     */
    static String expand(String text, Map<String, String> variables, Consumer<String> runtimeReference) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = text.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                String name = text.substring(i + 2, close);
                String value = variables.get(name);
                if (value == null && variables.containsKey(name)) {
                    runtimeReference.accept(name);
                }
                out.append(value != null ? value : "$(" + name + ")");
                i = close + 1;
            } else {
                out.append(c).append(next);
                i += 2;
            }
        }
        return out.toString();
    }

    /** {@code text} escaped so that Kubernetes' expansion gives it back unchanged. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == '$' && i + 1 < text.length() && (text.charAt(i + 1) == '$' || text.charAt(i + 1) == '(')) {
                out.append('$');
            }
        }
        return out.toString();
    }
}
