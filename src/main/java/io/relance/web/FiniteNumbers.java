package io.relance.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses numbers a {@code double} cannot hold, in every JSON body Relance reads: {@code 1e400} or {@code -1e400}
 * (which Jackson would read as ±Infinity) and the strings {@code "NaN"}, {@code "Infinity"} where a number is
 * expected. Applies to {@code double}/{@code Double} fields, to untyped values ({@code Map<String, Object>}, e.g. a
 * contact's {@code attributes}, a broadcast's {@code variables}) and to JSON trees ({@code ObjectNode}, e.g. an
 * event's {@code data}), at any depth. The refusal names the field ({@code data.lines[0].amount}); a
 * {@code BigDecimal} field takes any such number as it is. A Spring Boot Jackson module: the application's
 * {@code ObjectMapper} registers it.
 */
@Component
public class FiniteNumbers extends SimpleModule {

    static final String MESSAGE = "must be a finite number (between -1.7976931348623157E308 and 1.7976931348623157E308)";

    @SuppressWarnings("unchecked")
    public FiniteNumbers() {
        super("relance-finite-numbers");
        addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0d));
        addDeserializer((Class<Object>) (Class<?>) Number.class, new FiniteNumber());
        addDeserializer(JsonNode.class, new FiniteTree<>(JsonNode.class));
        addDeserializer(ObjectNode.class, new FiniteTree<>(ObjectNode.class));
        addDeserializer(ArrayNode.class, new FiniteTree<>(ArrayNode.class));
    }

    /** A number that is not finite, refused; its path is completed by the enclosing deserializers. */
    static final class UnrepresentableNumberException extends MismatchedInputException {
        UnrepresentableNumberException(JsonParser parser, Class<?> target) {
            super(parser, "Number out of range: " + MESSAGE, target);
        }
    }

    private static void check(double value, JsonParser parser, Class<?> target) throws JsonMappingException {
        if (!Double.isFinite(value)) {
            throw new UnrepresentableNumberException(parser, target);
        }
    }

    private static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double empty) {
            super(type, empty);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Double value = super.deserialize(parser, context);
            if (value != null) {
                check(value, parser, Double.class);
            }
            return value;
        }
    }

    private static final class FiniteNumber extends NumberDeserializers.NumberDeserializer {
        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            if (value instanceof Double || value instanceof Float) {
                check(((Number) value).doubleValue(), parser, Number.class);
            }
            return value;
        }
    }

    /** Jackson's own tree deserializer, then a walk of the tree for non-finite numbers. */
    private static final class FiniteTree<T extends JsonNode> extends StdDeserializer<T> {
        private final JsonDeserializer<? extends JsonNode> delegate;

        FiniteTree(Class<T> type) {
            super(type);
            this.delegate = JsonNodeDeserializer.getDeserializer(type);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            T tree = (T) delegate.deserialize(parser, context);
            Deque<Object> path = new ArrayDeque<>();
            if (findNonFinite(tree, path)) {
                JsonMappingException refused = new UnrepresentableNumberException(parser, Number.class);
                for (Iterator<Object> it = path.iterator(); it.hasNext(); ) {
                    Object step = it.next();
                    if (step instanceof Integer index) {
                        refused.prependPath(tree, index);
                    } else {
                        refused.prependPath(tree, (String) step);
                    }
                }
                throw refused;
            }
            return tree;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext context) throws JsonMappingException {
            return (T) delegate.getNullValue(context);
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        /** Depth-first; on a hit, {@code path} holds the steps from the hit up to the root (innermost first). */
        private static boolean findNonFinite(JsonNode node, Deque<Object> path) {
            if (node == null) {
                return false;
            }
            if (node.isFloatingPointNumber()) {
                return !Double.isFinite(node.doubleValue()) && !node.isBigDecimal();
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (findNonFinite(field.getValue(), path)) {
                        path.addLast(field.getKey());
                        return true;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    if (findNonFinite(node.get(i), path)) {
                        path.addLast(i);
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
