package io.relance.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The list of products a contact viewed, kept by the browse abandonment scenario
 * ({@code ${browsedProducts.add(execution)}} on each {@code ProductViewed}): the product of the event first, an
 * earlier view of the same product removed, at most {@link BrowseAbandonment#MAX_PRODUCTS}.
 */
@Component("browsedProducts")
public class BrowsedProducts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Adds the product of the event just received to {@code viewedProducts}. */
    public void add(DelegateExecution execution) {
        Object id = BrowseAbandonment.PRODUCT_ID.raw(execution);
        Object name = BrowseAbandonment.PRODUCT_NAME.raw(execution);
        if (blank(id) && blank(name)) {
            throw new IllegalArgumentException("A ProductViewed event needs 'productId' or 'productName'");
        }
        Object price = BrowseAbandonment.PRICE.raw(execution);
        if (price != null && !(price instanceof Number)) {
            throw new IllegalArgumentException("'price' of ProductViewed must be a number, was '" + price + "'");
        }
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", blank(id) ? name.toString() : id.toString());
        product.put("name", blank(name) ? id.toString() : name.toString());
        product.put("url", https(BrowseAbandonment.PRODUCT_URL.raw(execution)));
        product.put("price", price);
        product.put("imageUrl", https(BrowseAbandonment.IMAGE_URL.raw(execution)));
        List<Map<String, Object>> products = new ArrayList<>();
        products.add(product);
        for (Map<String, Object> earlier : read(BrowseAbandonment.VIEWED_PRODUCTS.get(execution))) {
            if (!Objects.equals(earlier.get("id"), product.get("id"))
                    && products.size() < BrowseAbandonment.MAX_PRODUCTS) {
                products.add(earlier);
            }
        }
        try {
            BrowseAbandonment.VIEWED_PRODUCTS.set(execution,
                    SpinValues.jsonValue(JSON.writeValueAsString(products)).create());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Viewed products not writable as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> read(Object kept) {
        if (kept == null) {
            return List.of();
        }
        try {
            return JSON.readValue(kept.toString(), List.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("'" + BrowseAbandonment.VIEWED_PRODUCTS.name() + "' is not a JSON list", e);
        }
    }

    /** Only https links reach a message. */
    private static String https(Object url) {
        return url instanceof String text && text.startsWith("https://") ? text : null;
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }
}
