package dev.replicate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.jdbc.ConnectionUrl;
import dev.replicate.testing.SecretCases;
import dev.replicate.testing.SecretCases.Case;
import dev.replicate.testing.SecretCases.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random passwords of URL specials, through every way a configuration holds one: the loaded
 * configuration's secrets mask the password wherever and however a driver might echo it, whole or
 * cut at any special, and leave a driver's ordinary words alone. Offline; the CLI's output channels
 * are {@code SecretChannelsTest}'s.
 */
class SecretsPropertyTest {
    private static final int CASES = 400;
    private static final String INNOCENT = "Access denied for user 'root'@'127.0.0.1' (using password: YES) to"
            + " database 'shop' at jdbc:mysql://127.0.0.1:3306/shop?sslMode=REQUIRED, SQLSTATE 28000";

    @Test
    void aPasswordIsMaskedHoweverItIsWrittenAndHoweverItIsEchoed() {
        long seed = SecretCases.seed();
        Random random = new Random(seed);
        List<String> fixed = List.of("S3cr3t/Pa55", "S3cr3t@Pa55", "S3cr3t?Pa55", "S3cr3t#Pa55");
        for (int i = 0; i < CASES; i++) {
            String password = i < fixed.size() * 4 ? fixed.get(i % fixed.size()) : SecretCases.password(random);
            Form form = Form.values()[random.nextInt(Form.values().length)];
            boolean mysql = random.nextBoolean();
            String scheme = mysql ? "mysql" : random.nextBoolean() ? "postgres" : "postgresql";
            JsonArray tables = JsonParser.parseString("[{\"name\": \"t\", \"watermark\": \"id\"}]").getAsJsonArray();
            boolean encoded = i >= fixed.size() * 4 && random.nextBoolean();
            Case c = SecretCases.block(random, encoded, mysql ? "mysql" : "postgres", scheme, "root", password, form,
                    "db.example.com:" + (mysql ? 3306 : 5432) + "/shop", tables);
            try {
                check(c, random);
            } catch (AssertionError | ConfigException | RuntimeException e) {
                fail("case " + i + " " + c + ": " + e.getMessage() + " [seed " + seed
                        + "; replay with -Dreplicate.seed=" + seed + "]", e);
            }
        }
    }

    /** The hostile test's own passwords, written into ?password= with nothing encoded. */
    @Test
    void aCarelessPasswordParameterIsMaskedWhereverItIsCut() throws ConfigException {
        Random random = new Random(SecretCases.seed());
        JsonArray tables = JsonParser.parseString("[{\"name\": \"t\", \"watermark\": \"id\"}]").getAsJsonArray();
        for (String password : List.of("Kq7w/Lm8x&Yy7u+Ee8r=Tt9i;Uu0o Gg1a", "Kq7wLm8x&socketFactory=Tt9iUu0o",
                "Kq7w Lm8x;Yy7u=Ee8r", "Kq7w&Lm8x=Yy7u&Ee8r")) {
            for (String scheme : List.of("mysql", "postgres")) {
                Case c = SecretCases.block(random, false, scheme, scheme, "pw", password, Form.CARELESS_QUERY,
                        "127.0.0.1/hostile", tables);
                check(c, random);
            }
        }
    }

    private static void check(Case c, Random random) throws ConfigException {
        Secrets secrets;
        try {
            secrets = new ConfigLoader(Map.of(), SourceRegistry.discover()).load("[" + c.block() + "]", "test.json").secrets();
        } catch (ConfigException e) {
            // A careless password whose & leaves a parameter no driver has is refused; the refusal
            // itself must not show it. Any other form must load.
            if (c.form() != Form.CARELESS_QUERY || ConnectionUrl.fault(c.conn()).isEmpty()) {
                throw e;
            }
            SecretCases.leak(e.getMessage(), c.spellings()).ifPresent(leak -> fail("leaked " + leak));
            return;
        }
        List<String> echoes = new ArrayList<>();
        echoes.add("password " + c.password() + " rejected");
        echoes.add("cannot parse URL " + c.conn() + ": bad");
        echoes.add("cannot parse URL '" + c.conn().substring(c.conn().indexOf("//") + 2) + "'");
        for (String spelling : c.spellings()) {
            // A driver that reads the URL by other rules may cut the password at any special and
            // show the pieces apart, each within its own quotes or punctuation.
            for (int cut = 1; cut < spelling.length() - 1; cut++) {
                if (!Character.isLetterOrDigit(spelling.charAt(cut))) {
                    echoes.add("host:port pair 'root:" + spelling.substring(0, cut) + "', database '"
                            + spelling.substring(cut + 1) + "@db.example.com:3306/shop'");
                }
            }
        }
        for (String echo : echoes) {
            String masked = secrets.mask(echo);
            SecretCases.leak(masked, c.spellings()).ifPresent(leak -> fail("leaked " + leak));
        }
        assertEquals(INNOCENT, secrets.mask(INNOCENT), "a driver's ordinary words stay");
    }
}
