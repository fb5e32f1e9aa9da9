package io.relance.channel;

import io.relance.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.Map;

/**
 * The message texts for marketers ({@link MessageTexts}): {@code GET /api/templates} lists them (and says whether a
 * changed file was refused), {@code POST /api/templates/{channel}/{messageType}/preview} renders one for a contact or
 * the sample contact, {@code POST .../test-send} sends it to an address given in the request (administrators and
 * group {@code marketing}; recorded as a test, never counted in pressure nor figures). The variables of a preview or
 * test send are the message type's samples ({@code bpmn/templates/samples.yaml}), overridden by those of the request.
 */
@RestController
@RequestMapping("/api/templates")
class TemplateController {

    private final MessageTexts texts;

    TemplateController(MessageTexts texts) {
        this.texts = texts;
    }

    /**
     * @param contactId the contact whose data the message shows (absent: the sample contact)
     * @param variables the scenario's variables, over the message type's samples
     */
    record PreviewRequest(String contactId, Map<String, Object> variables) {
    }

    /** @param to the email address or phone number (E.164) the test goes to */
    record TestSendRequest(String to, String contactId, Map<String, Object> variables) {
    }

    @GetMapping
    MessageTexts.Listing list() {
        return texts.list();
    }

    @GetMapping("/{channel}/{messageType}")
    MessageTexts.Text one(@PathVariable String channel, @PathVariable String messageType) {
        return texts.one(channel, messageType);
    }

    @PostMapping("/{channel}/{messageType}/preview")
    MessageTexts.Preview preview(@PathVariable String channel, @PathVariable String messageType,
                                 @RequestBody(required = false) PreviewRequest request) {
        PreviewRequest body = request == null ? new PreviewRequest(null, null) : request;
        return texts.preview(channel, messageType, body.contactId(), body.variables());
    }

    @PostMapping("/{channel}/{messageType}/test-send")
    MessageTexts.TestSend testSend(@PathVariable String channel, @PathVariable String messageType,
                                   @RequestBody(required = false) TestSendRequest request, Principal principal) {
        TestSendRequest body = request == null ? new TestSendRequest(null, null, null) : request;
        try {
            return texts.testSend(channel, messageType, body.to(), body.contactId(), body.variables(),
                    principal.getName());
        } catch (ProviderUnavailableException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Test send failed", "The " + channel
                    + " provider did not take the message (recorded as a failed test send): " + e.getMessage());
        }
    }
}
