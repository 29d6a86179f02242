package dev.dbops.sdk.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.ArrayList;
import java.util.List;

/** The stand-in's answers held to the OpenAPI document: what tests check after each test. */
final class ServedResponses {

    private ServedResponses() {
    }

    /** Every error the validator finds in what the stand-in answered, as "METHOD url: message". */
    static List<String> violations(DbOpsStandIn standIn, OpenApiInteractionValidator validator) {
        List<String> problems = new ArrayList<>();
        for (ServeEvent event : standIn.server().getAllServeEvents()) {
            String url = event.getRequest().getUrl();
            String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            SimpleResponse.Builder response = SimpleResponse.Builder.status(event.getResponse().getStatus());
            event.getResponse().getHeaders().all().forEach(h -> response.withHeader(h.key(), h.values()));
            if (!event.getResponse().getBodyAsString().isEmpty()) {
                response.withBody(event.getResponse().getBodyAsString());
            }
            ValidationReport report = validator.validateResponse(path,
                    Request.Method.valueOf(event.getRequest().getMethod().getName()), response.build());
            report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> problems.add(event.getRequest().getMethod() + " " + url + ": " + m.getMessage()));
        }
        return problems;
    }
}
