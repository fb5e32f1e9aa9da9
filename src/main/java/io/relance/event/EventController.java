package io.relance.event;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/events")
class EventController {

    private final EventIntakeService intake;

    EventController(EventIntakeService intake) {
        this.intake = intake;
    }

    /** 202 with the instances started and reached; 200 with the same receipt when the event id was seen before. */
    @PostMapping
    ResponseEntity<EventReceipt> post(@Valid @RequestBody EventRequest request) {
        EventIntakeService.Outcome outcome = intake.accept(request);
        return ResponseEntity.status(outcome.replay() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .header("Idempotent-Replayed", Boolean.toString(outcome.replay()))
                .body(outcome.receipt());
    }
}
