package dev.replicate.cli.startup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's id, as the launcher's {@code stat -c '%n %s %Y'} wrote it, against the files it names. */
class StaleArchiveTest {
    @TempDir
    Path dir;
    private Path jar;
    private Path spaced;
    private Path archive;
    private Path id;
    private String vmInfo;

    @BeforeEach
    void files() throws Exception {
        jar = Files.writeString(dir.resolve("replicate.jar"), "classes");
        spaced = Files.writeString(Files.createDirectories(dir.resolve("a folder")).resolve("lib one.jar"), "more classes");
        archive = Files.writeString(dir.resolve("replicate-java_jdk-run.jsa"), "archive");
        id = dir.resolve("replicate-java_jdk-run.jsa.id");
        writeId(jar, spaced);
        vmInfo = System.getProperty("java.vm.info");
    }

    @AfterEach
    void restore() {
        System.setProperty("java.vm.info", vmInfo);
        System.clearProperty(StaleArchive.ID_PROPERTY);
    }

    @Test
    void filesAsTheIdNamesThemAreNotStale() {
        assertFalse(StaleArchive.stale(id));
    }

    @Test
    void aFileWithAnotherTimeEvenAnOlderOneIsStale() throws Exception {
        Files.setLastModifiedTime(spaced, FileTime.fromMillis(Files.getLastModifiedTime(spaced).toMillis() - 60_000));
        assertTrue(StaleArchive.stale(id));
    }

    @Test
    void aFileWithAnotherSizeIsStale() throws Exception {
        FileTime time = Files.getLastModifiedTime(jar);
        Files.writeString(jar, "other classes");
        Files.setLastModifiedTime(jar, time);
        assertTrue(StaleArchive.stale(id));
    }

    @Test
    void aFileThatIsGoneIsStale() throws Exception {
        Files.delete(spaced);
        assertTrue(StaleArchive.stale(id));
    }

    @Test
    void anIdThatCannotBeReadSaysNothing() throws Exception {
        Files.delete(id);
        assertFalse(StaleArchive.stale(id));
        Files.createDirectory(id);
        assertFalse(StaleArchive.stale(id));
    }

    @Test
    void aMangledLineIsStale() throws Exception {
        Files.writeString(id, jar + " seven 1\n");
        assertTrue(StaleArchive.stale(id));
        Files.writeString(id, "nospaces\n");
        assertTrue(StaleArchive.stale(id));
    }

    @Test
    void aRefusedStaleArchiveIsDeletedWithItsId() throws Exception {
        Files.delete(spaced);
        atExit("mixed mode");
        assertFalse(Files.exists(archive) || Files.exists(id));
    }

    @Test
    void aSharedArchiveIsNeverChecked() throws Exception {
        Files.delete(spaced);
        atExit("mixed mode, sharing");
        assertTrue(Files.exists(archive) && Files.exists(id));
    }

    @Test
    void anArchiveRefusedWhileItsFilesAreUnchangedStays() throws Exception {
        atExit("mixed mode");
        assertTrue(Files.exists(archive) && Files.exists(id));
    }

    /** The command has finished: nothing the property holds may throw (a name the JVM's charset cannot encode, say). */
    @Test
    void anIdNameThatIsNoPathOrNoFileIsLeftAlone() {
        for (String odd : new String[] {"/", "bad\0name.jsa.id", dir.toString()}) {
            System.setProperty("java.vm.info", "mixed mode");
            System.setProperty(StaleArchive.ID_PROPERTY, odd);
            StaleArchive.checkAtExit();
        }
        assertTrue(Files.exists(archive) && Files.exists(id));
    }

    @Test
    void withoutTheLaunchersPropertyNothingHappens() throws Exception {
        Files.delete(spaced);
        System.setProperty("java.vm.info", "mixed mode");
        StaleArchive.checkAtExit();
        assertTrue(Files.exists(archive) && Files.exists(id));
    }

    private void atExit(String info) {
        System.setProperty("java.vm.info", info);
        System.setProperty(StaleArchive.ID_PROPERTY, id.toString());
        StaleArchive.checkAtExit();
    }

    private void writeId(Path... files) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            text.append(text.length() == 0 ? "" : "\n").append(file).append(' ').append(Files.size(file)).append(' ')
                    .append(Files.getLastModifiedTime(file).toMillis() / 1000);
        }
        Files.writeString(id, text);
    }
}
