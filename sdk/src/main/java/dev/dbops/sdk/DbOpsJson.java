package dev.dbops.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.sdk.internal.codec.Json;

/**
 * The JSON mapping the SDK uses for the models of {@code dev.dbops.sdk.model}: null fields left
 * out, unknown fields ignored, enums by their JSON value. For tests and tools that read or write
 * the API's bodies exactly as the SDK does.
 */
public final class DbOpsJson {

    private DbOpsJson() {
    }

    /**
     * A new mapper configured as the SDK's own (yours to change; the SDK's is not affected).
     *
     * @return a new mapper on each call
     */
    public static ObjectMapper mapper() {
        return Json.newMapper();
    }
}
