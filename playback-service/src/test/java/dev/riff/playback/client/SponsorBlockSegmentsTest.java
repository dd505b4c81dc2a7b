package dev.riff.playback.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SponsorBlock's answer read as segments to skip: only skips, only sensible ranges, in order, categories named only as SponsorBlock names them. */
class SponsorBlockSegmentsTest {

    @Test
    void onlySensibleSkipSegmentsAreKeptInOrder() throws Exception {
        var answer = new ObjectMapper().readTree("""
                [{"segment":[30.5,40],"category":"outro","actionType":"skip"},
                 {"segment":[3,8.25],"category":"sponsor","actionType":"skip"},
                 {"segment":[10,12],"category":"poi_highlight","actionType":"poi"},
                 {"segment":[20,15],"category":"sponsor","actionType":"skip"},
                 {"segment":[-5,2],"category":"intro","actionType":"skip"},
                 {"segment":["a","b"],"category":"selfpromo","actionType":"skip"},
                 {"segment":[12,14],"category":"music_offtopic<script>"}]""");
        assertEquals(List.of(new SponsorBlockClient.Segment("sponsor", 3000, 8250), new SponsorBlockClient.Segment("other", 12_000, 14_000),
                new SponsorBlockClient.Segment("outro", 30_500, 40_000)), SponsorBlockClient.read(answer));
    }
}
