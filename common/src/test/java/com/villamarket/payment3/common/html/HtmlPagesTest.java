package com.villamarket.payment3.common.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlPagesTest {

    @Test
    void escapesEverythingThatCouldOpenMarkup() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;",
                Html.escape("<script>alert('x')</script> & \"q\""));
        assertEquals("ab", Html.escape("a\u0000b"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void errorPageEchoesNothingUnescaped() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("order id", "<img src=x onerror=alert(1)>");
        fields.put("status", "\"><script>x</script>");
        String page = HtmlPages.error("Payment could not be confirmed", "bad <b>", fields, "ref-1");
        assertFalse(page.contains("<img"));
        assertFalse(page.contains("<script"));
        assertFalse(page.contains("<b>"));
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(page.contains("reference is ref-1"));
    }

    @Test
    void redirectCarriesTheParametersUrlEncoded() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("orderId", "0025");
        query.put("status", "success");
        query.put("note", "a&b=<c>");
        String page = HtmlPages.redirect(URI.create("https://shop.villamarket.com/thankyou"), query);
        assertTrue(page.contains("URL='https://shop.villamarket.com/thankyou?orderId=0025&amp;status=success&amp;note=a%26b%3D%3Cc%3E'"),
                page);
        assertFalse(page.contains("<c>"));
    }

    @Test
    void redirectKeepsAnExistingQuery() {
        assertEquals("https://x.example/t?a=1&b=2",
                HtmlPages.withQuery(URI.create("https://x.example/t?a=1"), Map.of("b", "2")));
    }
}
