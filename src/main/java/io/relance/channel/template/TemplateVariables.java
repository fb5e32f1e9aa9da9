package io.relance.channel.template;

import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a template reads: the names at the root of its {@code ${...}} expressions ({@code firstName} in
 * {@code ${firstName}}, {@code amount} in {@code ${#numbers.formatDecimal(amount, 1, 2)}}), less those the template
 * declares itself ({@code th:each="line, pos : ${lines}"}, {@code th:with="shown=..."}). Thymeleaf reads an unknown
 * variable as null, so a misspelt name renders as an empty text instead of failing: comparing these names with the
 * variables a message type has (its samples, the contact's fields) finds the typo at start-up.
 */
final class TemplateVariables {

    /** A variable read by a template, and the line of its first use. */
    record Use(String name, int line) {
    }

    private static final Pattern EACH = Pattern.compile("th:each\\s*=\\s*\"\\s*([A-Za-z_]\\w*)\\s*(?:,\\s*([A-Za-z_]\\w*)\\s*)?:");
    private static final Pattern WITH = Pattern.compile("th:with\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern WITH_NAME = Pattern.compile("(?:^|,)\\s*([A-Za-z_]\\w*)\\s*=");
    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private TemplateVariables() {
    }

    /** The variables the template reads that it does not declare, each once, in order of first use. */
    static List<Use> read(String file, String source) {
        Set<String> declared = declared(source);
        List<Use> uses = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int from = 0;
        while (true) {
            int start = source.indexOf("${", from);
            if (start < 0) {
                break;
            }
            int end = closing(source, start + 2);
            if (end < 0) {
                throw new TemplateException(file, line(source, start), "the expression starting '"
                        + abbreviate(source.substring(start)) + "' has no closing }", null);
            }
            String expression = source.substring(start + 2, end);
            int line = line(source, start);
            SpelExpression parsed;
            try {
                parsed = (SpelExpression) PARSER.parseRaw(unescape(expression));
            } catch (ParseException e) {
                throw new TemplateException(file, line, "the expression ${" + expression + "} cannot be read: "
                        + e.getSimpleMessage(), e);
            }
            List<String> names = new ArrayList<>();
            roots(parsed.getAST(), names);
            for (String name : names) {
                if (!declared.contains(name) && seen.add(name)) {
                    uses.add(new Use(name, line));
                }
            }
            from = end + 1;
        }
        return uses;
    }

    /** Names the template declares: iteration variables (and their status), th:with locals. */
    private static Set<String> declared(String source) {
        Set<String> names = new HashSet<>();
        Matcher each = EACH.matcher(source);
        while (each.find()) {
            names.add(each.group(1));
            names.add(each.group(2) != null ? each.group(2) : each.group(1) + "Stat");
        }
        Matcher with = WITH.matcher(source);
        while (with.find()) {
            Matcher name = WITH_NAME.matcher(with.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** The root names of an expression: the first step of each chain, and the roots inside arguments and indexes. */
    private static void roots(SpelNode node, List<String> names) {
        if (node instanceof PropertyOrFieldReference reference) {
            names.add(reference.getName());
            return;
        }
        if (node instanceof VariableReference) {
            return;
        }
        if (node instanceof CompoundExpression) {
            roots(node.getChild(0), names);
            for (int i = 1; i < node.getChildCount(); i++) {
                // Later steps (.name, .method(args), [index]) read from the value before them: only their
                // arguments and indexes are expressions of their own.
                SpelNode step = node.getChild(i);
                for (int j = 0; j < step.getChildCount(); j++) {
                    roots(step.getChild(j), names);
                }
            }
            return;
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            roots(node.getChild(i), names);
        }
    }

    /** The index of the } closing an expression whose text starts at {@code from}, skipping quoted texts. */
    private static int closing(String source, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** HTML attributes escape quotes and ampersands; SpEL wants them plain. */
    private static String unescape(String expression) {
        return expression.replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                .replace("&lt;", "<").replace("&gt;", ">").replace("\\'", "''");
    }

    static int line(String source, int index) {
        int line = 1;
        for (int i = 0; i < index && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String abbreviate(String text) {
        String first = text.lines().findFirst().orElse("");
        return first.length() > 40 ? first.substring(0, 40) + "…" : first;
    }
}
