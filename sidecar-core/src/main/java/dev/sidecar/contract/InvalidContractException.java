package dev.sidecar.contract;

import dev.sidecar.SidecarException;
import java.util.List;

/**
 * An image's contract labels break the convention: an unknown attribute, a unit or access that does not exist, a
 * pattern that does not compile, a default its own rules refuse, a port or volume naming a parameter it does not
 * declare. The message names the image and lists every problem at once, each naming the label and its value.
 */
public final class InvalidContractException extends SidecarException {

    private final String image;
    private final List<String> problems;

    /**
     * Creates the exception for the given problems.
     *
     * @param image the image whose labels were read
     * @param problems one sentence per problem
     */
    public InvalidContractException(String image, List<String> problems) {
        super("image '" + image + "' has an invalid sidecar contract: " + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "\n  - " + String.join("\n  - ", problems));
        this.image = image;
        this.problems = List.copyOf(problems);
    }

    /** The image whose labels were read. */
    public String image() {
        return image;
    }

    /** Every problem found, one sentence each. */
    public List<String> problems() {
        return problems;
    }
}
