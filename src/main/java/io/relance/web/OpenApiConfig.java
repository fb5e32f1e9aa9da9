package io.relance.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * The OpenAPI 3 document of {@code /api/**}, generated from the controllers by springdoc ({@code /v3/api-docs}, Swagger
 * UI at {@code /swagger-ui.html}, for administrators). Every operation says it needs HTTP Basic and that its errors
 * are RFC 9457 {@code application/problem+json} documents (schema {@code Problem}, with {@code errors} per bad
 * field).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM = "Problem";
    static final String BASIC = "basicAuth";
    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Bean
    OpenAPI relanceOpenApi(@Value("${relance.api.version:0.1.0}") String version) {
        return new OpenAPI()
                .info(new Info().title("Relance API").version(version)
                        .description("Contacts, events, broadcasts, timelines, figures and experiments of Relance. "
                                + "Every refusal is an RFC 9457 application/problem+json document; a refused request "
                                + "changes nothing.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("A Camunda user (groups integration, marketing for "
                                        + "reads, camunda-admin)")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        Schema<?> field = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the bad field, e.g. data.amount"))
                .addProperty("message", new StringSchema().description("what is wrong with it"));
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().format("int32").example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new ArraySchema().items(field)
                        .description("one entry per bad field (400 only)"));
    }

    /** Error responses of every operation: problem+json, whatever springdoc found in the exception handler. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // Here rather than on the OpenAPI bean: springdoc builds the schemas of the document itself.
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
                boolean hasVariable = path.getKey().contains("{");
                for (Operation operation : path.getValue().readOperations()) {
                    ApiResponses responses = operation.getResponses() == null ? new ApiResponses()
                            : operation.getResponses();
                    responses.entrySet().removeIf(e -> e.getKey().startsWith("4") || e.getKey().startsWith("5"));
                    responses.addApiResponse("400", problem("Malformed JSON, or bad fields (each named in errors)"));
                    responses.addApiResponse("401", problem("No or wrong credentials (HTTP Basic)"));
                    responses.addApiResponse("403", problem("The account's groups do not allow this call"));
                    if (hasVariable) {
                        responses.addApiResponse("404", problem("No such resource"));
                    }
                    responses.addApiResponse("4XX", problem("Another refusal (409 conflict, 422 refused): see "
                            + "title and detail"));
                    responses.addApiResponse("5XX", problem("Busy (503: send the same request again after "
                            + "Retry-After seconds) or an unexpected error (500); nothing was changed"));
                    operation.setResponses(responses);
                }
            }
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }
}
