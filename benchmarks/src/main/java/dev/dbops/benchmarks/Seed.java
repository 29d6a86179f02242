package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbops.sdk.testkit.OpenApiDocument;

/**
 * What every client sends: the scope of the calls and the documented create-schema body
 * ({@code SeedCreateSchemaRequest}), read from the OpenAPI document once. Each client builds its
 * own request model from these values on every call, as its users would.
 */
public record Seed(String org, String project, String accountId, String apiKey,
                   String identifier, String name, String migrationType, String type,
                   String changelogConnector, String changelogLocation, String changelogRepo,
                   String scriptCommand, String scriptImage, String scriptLocation, String scriptShell) {

    public static final String ORG = "default";
    public static final String PROJECT = "default_project";
    public static final String ACCOUNT_ID = "bench_account";
    public static final String API_KEY = "pat.bench.0123456789abcdef";

    /** The seed body of the document packaged in the sdk jar. */
    public static Seed fromSpec() {
        return from(OpenApiDocument.load().example("SeedCreateSchemaRequest"));
    }

    static Seed from(JsonNode body) {
        JsonNode changelog = body.path("changelog");
        JsonNode script = body.path("changeLogScript");
        return new Seed(ORG, PROJECT, ACCOUNT_ID, API_KEY,
                body.path("identifier").asText(), body.path("name").asText(),
                body.path("migrationType").asText(), body.path("type").asText(),
                changelog.path("connector").asText(), changelog.path("location").asText(),
                changelog.path("repo").asText(),
                script.path("command").asText(), script.path("image").asText(),
                script.path("location").asText(), script.path("shell").asText());
    }
}
