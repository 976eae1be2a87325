package io.ridgeline.web.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ridgeline.engine.scenario.ScenarioReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code advisor schema [--markdown]}: the scenario format, as a JSON Schema or as docs/scenario.md's key tables. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the scenario format as a JSON Schema (draft 2020-12), for an editor's completion and "
                + "checking: ./advisor schema > scenario.schema.json, then put '# yaml-language-server: "
                + "$schema=scenario.schema.json' at the top of a scenario. --markdown prints the key tables of "
                + "docs/scenario.md instead. Both come from the schema the scenario loader reads by.")
final class SchemaCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "The key tables, as docs/scenario.md holds them.")
    boolean markdown;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        var out = spec.commandLine().getOut();
        if (markdown) {
            out.print(ScenarioReference.markdown());
        } else {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(ScenarioReference.jsonSchema(ScenarioReference.Dialect.JSON_SCHEMA_2020_12)));
        }
        return 0;
    }
}
