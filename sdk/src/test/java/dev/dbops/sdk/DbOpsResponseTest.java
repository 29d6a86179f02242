package dev.dbops.sdk;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Header look-ups ignore case, whether or not the map they came in does. */
class DbOpsResponseTest {

    private static DbOpsResponse<Void> withHeaders(Map<String, List<String>> headers) {
        return new DbOpsResponse<>(200, headers, null, 1);
    }

    @Test
    void aSingleHeaderIsFoundWhateverTheCaseOfItsName() {
        Map<String, List<String>> caseSensitive = new LinkedHashMap<>();
        caseSensitive.put("X-Total-Elements", List.of("10000"));
        caseSensitive.put("x-request-id", List.of("req-1"));
        DbOpsResponse<Void> response = withHeaders(caseSensitive);

        assertThat(response.header("x-total-elements")).contains("10000");
        assertThat(response.header("X-TOTAL-ELEMENTS")).contains("10000");
        assertThat(response.header("X-Request-Id")).contains("req-1");
        assertThat(response.header("X-Page-Size")).isEmpty();
        assertThat(response.requestId()).contains("req-1");
        // After the full case-insensitive view has been made, look-ups go through it and agree.
        assertThat(response.headers()).containsKey("x-total-ELEMENTS");
        assertThat(response.header("x-total-elements")).contains("10000");
    }

    @Test
    void aHeaderWithoutValuesIsAbsent() {
        assertThat(withHeaders(Map.of("X-Page-Number", List.of())).header("x-page-number")).isEmpty();
        assertThat(withHeaders(null).header("X-Page-Number")).isEmpty();
    }
}
