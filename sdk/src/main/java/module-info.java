/**
 * The Harness Database DevOps SDK. {@code dev.dbops.sdk} holds the client, its calls and
 * exceptions; {@code dev.dbops.sdk.model} the API's models, generated from the OpenAPI document.
 * Nothing else is exported: the request codecs and the exchange path are internal.
 */
// jackson-databind-nullable is an automatic module; its JsonNullable is part of the models' API.
@SuppressWarnings("requires-transitive-automatic")
module dev.dbops.sdk {
    requires transitive java.net.http;
    // Public API types expose Jackson (DbOpsJson.mapper(), the models' annotations) and JsonNullable.
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.openapitools.jackson.nullable;
    requires com.fasterxml.jackson.datatype.jsr310;
    // The models carry jakarta.annotation's @Nullable/@Nonnull; readers of them need not.
    requires static jakarta.annotation;

    exports dev.dbops.sdk;
    exports dev.dbops.sdk.model;

    // Jackson reads and writes the models by reflection.
    opens dev.dbops.sdk.model to com.fasterxml.jackson.databind;
}
