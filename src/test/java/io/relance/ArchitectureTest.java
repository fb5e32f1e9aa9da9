package io.relance;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.relance.scenario.EventType;
import io.relance.scenario.ProcessVariable;
import io.relance.web.ApiException;
import jakarta.persistence.Entity;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture, stated as tests: each top-level package of {@code io.relance} is a feature (a Spring Modulith
 * application module); features depend one way, on each other's public top-level types (or a declared named
 * interface); only {@code web} and the controllers know HTTP; no Camunda internals; a feature's JPA entities,
 * repositories and tables are its own; names (event types, process variables) are defined once and variables are
 * read through {@link ProcessVariable}. A change that breaks a rule fails here with the rule's name.
 */
class ArchitectureTest {

    static final ApplicationModules MODULES = ApplicationModules.of(RelanceApplication.class);
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.relance");
    static final Path MAIN = Path.of("src/main/java/io/relance");

    /** Which feature owns which table (Flyway migrations); no other feature may name it in SQL. */
    static final Map<String, String> TABLE_OWNERS = Map.ofEntries(
            Map.entry("contact", "contact"),
            Map.entry("consent_record", "contact"),
            Map.entry("inbound_event", "event"),
            Map.entry("communication", "channel"),
            Map.entry("pending_message", "pressure"),
            Map.entry("broadcast", "broadcast"),
            Map.entry("contact_engagement", "engagement"),
            Map.entry("callback_capacity", "callback"),
            Map.entry("relance_secret", "tracking"),
            Map.entry("experiment_assignment", "experiment"),
            Map.entry("experiment_instance", "experiment"),
            Map.entry("experiment_message", "experiment"),
            Map.entry("experiment_conversion", "experiment"),
            Map.entry("figure_count", "figures"),
            Map.entry("figure_gauge", "figures"),
            Map.entry("figure_message", "figures"),
            Map.entry("erasure_record", "privacy"));

    @Test
    void featuresDependOneWayAndOnlyOnEachOthersInterfaces() {
        MODULES.verify();
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.relance.(*)..").namingSlices("feature $1")
                .should().beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void noCamundaInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine.impl..")
                .because("org.camunda.bpm.engine.impl is not Camunda's API (and keeps a move to Operaton a rename)")
                .check(CLASSES);
    }

    @Test
    void onlyWebAndControllersKnowHttpStatuses() {
        noClasses().that().resideOutsideOfPackages("io.relance.web..", "io.relance.security..")
                .and().areNotAnnotatedWith(RestController.class)
                .and().areNotAnnotatedWith(Controller.class)
                .and().areNotAnnotatedWith(ControllerAdvice.class)
                .and().areNotAnnotatedWith(RestControllerAdvice.class)
                .should().dependOnClassesThat().belongToAnyOf(HttpStatus.class, HttpStatusCode.class,
                        ResponseEntity.class, ProblemDetail.class, ResponseStatusException.class, ApiException.class)
                .because("services throw domain exceptions; web/ maps them to problem+json")
                .check(CLASSES);
    }

    @Test
    void jpaEntitiesAndRepositoriesAreUsedOnlyInTheirFeature() {
        classes().that().areAnnotatedWith(Entity.class).or().areAssignableTo(Repository.class)
                .should(beAccessedOnlyFromTheirOwnFeature())
                .because("a feature's tables are read and written through its own services")
                .check(CLASSES);
    }

    @Test
    void eachTableIsNamedInSqlOnlyByItsFeature() throws IOException {
        Pattern sql = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_]+)\\b", Pattern.CASE_INSENSITIVE);
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String feature = feature(file);
            String source = Files.readString(file, StandardCharsets.UTF_8);
            for (String literal : stringLiterals(source)) {
                Matcher matcher = sql.matcher(literal);
                while (matcher.find()) {
                    String owner = TABLE_OWNERS.get(matcher.group(1).toLowerCase(Locale.ROOT));
                    if (owner != null && !owner.equals(feature)) {
                        violations.add(MAIN.relativize(file) + " names table " + matcher.group(1) + " of feature "
                                + owner + ": \"" + literal.strip() + "\"");
                    }
                }
            }
        }
        assertThat(violations).as("SQL on another feature's table (go through the owning feature's service)")
                .isEmpty();
    }

    @Test
    void processVariablesAreReadAndWrittenThroughTheTypedAccessor() {
        noClasses().that().doNotBelongToAnyOf(ProcessVariable.class)
                .should().callMethodWhere(variableByName())
                .because("each process variable is defined once as a ProcessVariable and read and written through"
                        + " it (io.relance.scenario), never by a raw name")
                .check(CLASSES);
    }

    @Test
    void eachEventTypeIsNamedOnlyInEventType() throws IOException {
        Set<String> types = constants(EventType.class, String.class).keySet().stream()
                .map(name -> (String) constant(EventType.class, name)).collect(Collectors.toSet());
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            if (file.endsWith("scenario/EventType.java")) {
                continue;
            }
            for (String literal : stringLiterals(Files.readString(file, StandardCharsets.UTF_8))) {
                if (types.contains(literal)) {
                    violations.add(MAIN.relativize(file) + ": \"" + literal + "\"");
                }
            }
        }
        assertThat(violations).as("event type names written out instead of EventType's constants").isEmpty();
    }

    @Test
    void eachProcessVariableIsDefinedOnce() {
        Map<String, List<String>> definitions = new TreeMap<>();
        Map<String, List<ProcessVariable<?>>> instances = new HashMap<>();
        CLASSES.stream().filter(c -> c.getPackageName().startsWith("io.relance")).forEach(javaClass -> {
            Class<?> type = javaClass.reflect();
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ProcessVariable.class) {
                    field.setAccessible(true);
                    try {
                        ProcessVariable<?> variable = (ProcessVariable<?>) field.get(null);
                        List<ProcessVariable<?>> found = instances.computeIfAbsent(variable.name(),
                                n -> new ArrayList<>());
                        // Another constant referring to the same definition (an alias) is not a second definition
                        if (found.stream().noneMatch(known -> known == variable)) {
                            found.add(variable);
                            definitions.computeIfAbsent(variable.name(), n -> new ArrayList<>())
                                    .add(type.getSimpleName() + "." + field.getName());
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });
        Map<String, List<String>> twice = new LinkedHashMap<>();
        definitions.forEach((name, where) -> {
            if (where.size() > 1) {
                twice.put(name, where);
            }
        });
        assertThat(definitions).as("process variables found").isNotEmpty();
        assertThat(twice).as("process variables defined more than once (keep one, e.g. in ScenarioVariables)")
                .isEmpty();
    }

    @Test
    void readmeShowsTheCurrentFeatureDependencies() throws IOException {
        String picture = dependencyPicture();
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README's Layout shows which feature depends on which; replace its picture with:\n"
                + picture).contains(picture);
    }

    /** One line per feature: the features it depends on (Spring Modulith's view of the code). */
    static String dependencyPicture() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (ApplicationModule module : MODULES) {
            Set<String> targets = module.getDirectDependencies(MODULES).uniqueModules()
                    .map(ApplicationModule::getName)
                    .filter(name -> !name.equals(module.getName()))
                    .collect(Collectors.toCollection(TreeSet::new));
            uses.put(module.getName(), targets);
        }
        int width = uses.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder picture = new StringBuilder();
        uses.forEach((name, targets) -> picture.append(String.format("%-" + width + "s", name))
                .append(targets.isEmpty() ? "   (depends on no other feature)" : " → " + String.join(", ", targets))
                .append('\n'));
        return picture.toString();
    }

    private static ArchCondition<JavaClass> beAccessedOnlyFromTheirOwnFeature() {
        return new ArchCondition<>("be accessed only from their own feature") {
            @Override
            public void check(JavaClass owner, ConditionEvents events) {
                String feature = feature(owner);
                for (JavaAccess<?> access : owner.getAccessesToSelf()) {
                    report(owner, feature, access.getOriginOwner(), access.getDescription(), events);
                }
                owner.getDirectDependenciesToSelf().forEach(dependency -> report(owner, feature,
                        dependency.getOriginClass(), dependency.getDescription(), events));
            }

            private void report(JavaClass owner, String feature, JavaClass origin, String description,
                                ConditionEvents events) {
                if (!feature(origin).equals(feature)) {
                    events.add(SimpleConditionEvent.violated(owner, description));
                }
            }
        };
    }

    private static DescribedPredicate<JavaMethodCall> variableByName() {
        Set<String> byName = Set.of("getVariable", "getVariableLocal", "setVariable", "setVariableLocal",
                "getVariableTyped", "getVariableLocalTyped");
        return DescribedPredicate.describe("a variable by name on a Camunda variable scope",
                call -> byName.contains(call.getName())
                        && call.getTargetOwner().isAssignableTo(VariableScope.class)
                        && !call.getTarget().getRawParameterTypes().isEmpty()
                        && call.getTarget().getRawParameterTypes().get(0).isEquivalentTo(String.class));
    }

    /** The feature of a class: the first package below io.relance (the root package is the application). */
    static String feature(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        String rest = name.length() > "io.relance".length() ? name.substring("io.relance.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static String feature(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The string literals of a Java source (text blocks and concatenated pieces each count). */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        Matcher block = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL).matcher(source);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (block.find()) {
            literals.add(block.group(1));
            rest.append(source, last, block.start());
            last = block.end();
        }
        rest.append(source.substring(last));
        Matcher literal = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"").matcher(rest);
        while (literal.find()) {
            literals.add(literal.group(1));
        }
        return literals;
    }

    private static <T> Map<String, T> constants(Class<?> holder, Class<T> type) {
        Map<String, T> constants = new HashMap<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == type) {
                constants.put(field.getName(), type.cast(constant(holder, field.getName())));
            }
        }
        return constants;
    }

    private static Object constant(Class<?> holder, String name) {
        try {
            return holder.getDeclaredField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
