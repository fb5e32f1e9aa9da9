package io.relance.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads samples out of a Prometheus text exposition (what /actuator/prometheus answers). */
final class Prometheus {

    private final List<String> lines;

    Prometheus(String exposition) {
        lines = exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    /** The sum of the samples of {@code name} having all these labels (other labels free); null when there is none. */
    Double value(String name, Map<String, String> labels) {
        Double sum = null;
        for (String line : matching(name, labels)) {
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            sum = sum == null ? v : sum + v;
        }
        return sum;
    }

    List<String> matching(String name, Map<String, String> labels) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = labels.entrySet().stream()
                    .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                found.add(line);
            }
        }
        return found;
    }

    List<String> lines() {
        return lines;
    }
}
