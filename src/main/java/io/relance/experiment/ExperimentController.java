package io.relance.experiment;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** {@code GET /api/experiments} and {@code GET /api/experiments/{id}}: experiments and their results per arm. */
@RestController
class ExperimentController {

    private final ExperimentService experiments;

    ExperimentController(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @GetMapping("/api/experiments")
    Map<String, List<ExperimentResults>> all() {
        return Map.of("experiments", experiments.all());
    }

    @GetMapping("/api/experiments/{experimentId}")
    ExperimentResults one(@PathVariable String experimentId) {
        return experiments.results(experimentId);
    }
}
