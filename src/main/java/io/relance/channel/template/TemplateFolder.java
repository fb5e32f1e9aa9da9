package io.relance.channel.template;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the message texts are read from: {@code bpmn/templates/} of {@code relance.scenario-dir} (or, when it is not
 * set, of the working directory), file by file over the copies packaged in the application — a file of the folder
 * wins, a file only packaged is still found. Read like the diagrams, so a designer edits a text next to the scenario
 * that sends it.
 */
final class TemplateFolder {

    /** The folder of the texts, next to the diagrams; also their resource path in the application. */
    static final String ROOT = "bpmn/templates/";
    static final List<String> SUBFOLDERS = List.of("email/", "sms/");
    static final String SAMPLES = "samples.yaml";

    private final Path folder;

    /** One text file: its name under {@code bpmn/templates/} (e.g. {@code email/welcome_fr.html}). */
    record TemplateFile(String name, String location, boolean packaged, String content) {
    }

    private TemplateFolder(Path folder) {
        this.folder = folder;
    }

    /** The folder of a start with this {@code relance.scenario-dir} (blank: the working directory). */
    static TemplateFolder of(String scenarioDir, Path workingDir) {
        Path base = scenarioDir == null || scenarioDir.isBlank() ? workingDir
                : Path.of(scenarioDir).toAbsolutePath().normalize();
        return new TemplateFolder(base.resolve(ROOT));
    }

    Path folder() {
        return folder;
    }

    /** Whether the folder exists (otherwise only the packaged copies are read). */
    boolean present() {
        return Files.isDirectory(folder);
    }

    /**
     * What tells a change of the folder's files: each file's name, size and modification time. Cheap (no content is
     * read); the packaged copies never change.
     */
    String fingerprint() {
        if (!present()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Path file : folderFiles()) {
            try {
                sb.append(folder.relativize(file)).append(':').append(Files.size(file)).append(':')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            } catch (IOException e) {
                // Removed while listing: the next look sees it gone.
                sb.append(file).append(":gone\n");
            }
        }
        return sb.toString();
    }

    /** Every text file, by name: the folder's over the packaged ones. */
    Map<String, TemplateFile> read() {
        Map<String, TemplateFile> files = new TreeMap<>(packaged());
        if (present()) {
            for (Path file : folderFiles()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                try {
                    files.put(name, new TemplateFile(name, file.toString(), false,
                            Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new TemplateException(file.toString(), 0, "cannot be read (" + e.getMessage()
                            + "); text files must be UTF-8", e);
                }
            }
        }
        return files;
    }

    private List<Path> folderFiles() {
        List<Path> files = new ArrayList<>();
        Path samples = folder.resolve(SAMPLES);
        if (Files.isRegularFile(samples)) {
            files.add(samples);
        }
        for (String sub : SUBFOLDERS) {
            Path dir = folder.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(Files::isRegularFile).filter(TemplateFolder::isText).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the message texts in " + dir, e);
            }
        }
        return files;
    }

    private static Map<String, TemplateFile> packaged() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Map<String, TemplateFile> files = new TreeMap<>();
        try {
            List<Resource> resources = new ArrayList<>(List.of(resolver.getResources("classpath*:" + ROOT + SAMPLES)));
            for (String sub : SUBFOLDERS) {
                resources.addAll(List.of(resolver.getResources("classpath*:" + ROOT + sub + "*")));
            }
            for (Resource resource : resources) {
                String filename = resource.getFilename();
                if (filename == null || !resource.isReadable() || filename.startsWith(".")) {
                    continue;
                }
                String url = resource.getURL().toString();
                String name = url.substring(url.lastIndexOf(ROOT) + ROOT.length());
                try (InputStream in = resource.getInputStream()) {
                    // The first on the class path wins, as for any resource.
                    files.putIfAbsent(name, new TemplateFile(name, resource.getDescription(), true,
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged message texts", e);
        }
        return files;
    }

    private static boolean isText(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".html") || name.endsWith(".txt")
                || name.endsWith(".properties"));
    }
}
