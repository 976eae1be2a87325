package io.ridgeline.web.cli;

import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.scenario.InputError;
import io.ridgeline.engine.validation.ServingMeasurement;
import io.ridgeline.engine.validation.ServingValidation;
import io.ridgeline.engine.validation.TrainingValidation;
import io.ridgeline.engine.validation.ValidationText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Predict every measured serving row and print predicted against measured TTFT, TPOT and "
                + "tokens/s, with the median and p90 |error| per model, GPU, engine, precision, batch regime, kind "
                + "and benchmark. Without FILE, the published measurements shipped with Ridgeline, serving and "
                + "training (step times of published runs; docs/validation.md is this command's --markdown output).")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.csv",
            description = "Measurements in the documented CSV columns (docs/validation.md).")
    Path file;

    @picocli.CommandLine.Option(names = "--bands",
            description = "Print the error bands per regime (GPU, dense or MoE, weight format) as CSV: the file "
                    + "engine/src/main/resources/validation/error-bands.csv that every prediction's band comes from.")
    boolean bands;

    @Mixin
    Common common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Ridgeline r = common.ridgeline();
        List<ServingMeasurement> rows = file == null ? ServingValidation.published() : read(file);
        ServingValidation.Report report = new ServingValidation(r).validate(rows);
        var out = spec.commandLine().getOut();
        // the shipped training runs come with the shipped serving rows
        TrainingValidation.Report training = file == null && !bands
                ? new TrainingValidation(r.catalogs()).validate(TrainingValidation.published()) : null;
        if (bands) {
            out.print(io.ridgeline.engine.validation.ErrorBands.csv(report));
        } else if (common.json) {
            Map<String, Object> doc = new LinkedHashMap<>(ValidationText.toMap(report));
            if (training != null) {
                doc.put("training", ValidationText.trainingToMap(training));
            }
            out.println(Json.write(doc));
        } else {
            out.print(ValidationText.render(report, common.markdown, "Validation: predicted against measured ("
                    + (file == null ? "the published serving measurements, " + rows.size() + " rows"
                    : file.getFileName() + ", " + rows.size() + " rows") + ")"));
            if (training != null) {
                out.print("\n" + ValidationText.renderTraining(training, common.markdown));
            }
        }
        return 0;
    }

    static List<ServingMeasurement> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ServingMeasurement.read(in, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new InputError(file.toString(), "no such file");
        } catch (IOException e) {
            throw new InputError(file.toString(), "cannot be read (is it a readable file?)");
        }
    }
}
