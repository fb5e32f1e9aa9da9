package io.relance.broadcast;

import io.relance.scenario.BroadcastScenario;
import io.relance.web.ApiException;
import jakarta.validation.Valid;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * {@code POST /api/broadcasts} sends a newsletter or a promotion to a segment: it records the broadcast and starts
 * its scenario (bpmn/broadcast.bpmn), which registers the recipients; {@code GET /api/broadcasts/{id}} shows the
 * progress (recipients registered, messages per status).
 */
@RestController
@RequestMapping("/api/broadcasts")
class BroadcastController {

    private final BroadcastService broadcasts;
    private final RuntimeService runtime;

    BroadcastController(BroadcastService broadcasts, RuntimeService runtime) {
        this.broadcasts = broadcasts;
        this.runtime = runtime;
    }

    @PostMapping
    ResponseEntity<Broadcast> create(@Valid @RequestBody BroadcastRequest request) {
        String id = UUID.randomUUID().toString();
        Broadcast broadcast = broadcasts.create(id, request);
        runtime.startProcessInstanceByKey(BroadcastScenario.PROCESS, id,
                BroadcastScenario.BROADCAST_ID.put(Variables.createVariables(), id));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(broadcast);
    }

    @GetMapping("/{broadcastId}")
    Broadcast get(@PathVariable String broadcastId) {
        return broadcasts.find(broadcastId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "Broadcast not found", "No broadcast " + broadcastId));
    }
}
