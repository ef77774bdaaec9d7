package dev.sidecar.cli;

import dev.sidecar.contract.ContractChange;
import dev.sidecar.contract.ContractDiff;
import dev.sidecar.contract.ContractParameter;
import dev.sidecar.contract.ContractPort;
import dev.sidecar.contract.ContractVolume;
import dev.sidecar.contract.ImageContract;
import dev.sidecar.contract.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A contract and a diff as JSON, for {@code --json}. Absent values are {@code null}, never left out. */
final class ContractJson {

    private ContractJson() {
    }

    static String contract(String image, ImageContract contract) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image", image);
        json.put("contractVersion", contract.version());
        json.put("title", contract.title());
        json.put("description", contract.description());
        json.put("imageVersion", contract.imageVersion());
        json.put("role", contract.role().isEmpty() ? null : contract.role());
        json.put("needs", List.copyOf(contract.needs()));
        List<Object> parameters = new ArrayList<>();
        for (ContractParameter p : contract.parameters()) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("name", p.name());
            parameter.put("required", p.required());
            parameter.put("default", p.secret() ? p.defaultValue().map(d -> "*****").orElse(null)
                    : p.defaultValue().orElse(null));
            parameter.put("unit", p.unit().map(Unit::label).orElse(null));
            parameter.put("values", p.values());
            parameter.put("pattern", p.pattern().orElse(null));
            parameter.put("secret", p.secret());
            parameter.put("description", p.description());
            parameters.add(parameter);
        }
        json.put("parameters", parameters);
        List<Object> ports = new ArrayList<>();
        for (ContractPort p : contract.ports()) {
            Map<String, Object> port = new LinkedHashMap<>();
            port.put("port", p.number());
            port.put("protocol", p.protocol());
            port.put("parameter", p.parameter().orElse(null));
            port.put("description", p.description());
            ports.add(port);
        }
        json.put("ports", ports);
        List<Object> volumes = new ArrayList<>();
        for (ContractVolume v : contract.volumes()) {
            Map<String, Object> volume = new LinkedHashMap<>();
            volume.put("name", v.name());
            volume.put("path", v.path());
            volume.put("access", v.access().label());
            volume.put("parameter", v.parameter().orElse(null));
            volume.put("description", v.description());
            volumes.add(volume);
        }
        json.put("volumes", volumes);
        return Json.write(json);
    }

    static String diff(String oldImage, String newImage, ContractDiff diff) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("old", oldImage);
        json.put("new", newImage);
        json.put("breaking", diff.isBreaking());
        List<Object> changes = new ArrayList<>();
        for (ContractChange c : diff.changes()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("class", c.classification());
            change.put("kind", c.kind().name());
            change.put("subject", c.subject());
            change.put("detail", c.detail());
            changes.add(change);
        }
        json.put("changes", changes);
        return Json.write(json);
    }
}
