package io.relance.insight;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.security.Principal;
import java.util.regex.Pattern;

/**
 * The marketer's dashboard ({@code /insight}, groups marketing and camunda-admin; see security): server-rendered page
 * shells whose scripts ({@code static/insight/assets}) read the JSON of {@code /api/scenarios},
 * {@code /api/experiments} and {@code /api/contacts} with the session, and draw the diagrams with bpmn-js served
 * from the jar ({@code /insight/vendor/bpmn-js}).
 */
@Controller
class InsightPages {

    /** A process key as the diagrams write it (ids of BPMN processes). */
    private static final Pattern PROCESS_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,254}");

    @GetMapping({"/insight", "/insight/", "/insight/scenarios"})
    String scenarios(Principal user, Model model) {
        model.addAttribute("user", user.getName());
        return "insight/scenarios";
    }

    @GetMapping("/insight/scenarios/{key}")
    String scenario(@PathVariable String key, Principal user, Model model) {
        if (!PROCESS_KEY.matcher(key).matches()) {
            return "redirect:/insight";
        }
        model.addAttribute("user", user.getName());
        model.addAttribute("key", key);
        return "insight/scenario";
    }

    @GetMapping("/insight/contacts")
    String contact(@RequestParam(required = false) String q, Principal user, Model model) {
        model.addAttribute("user", user.getName());
        model.addAttribute("q", q);
        return "insight/contact";
    }
}
