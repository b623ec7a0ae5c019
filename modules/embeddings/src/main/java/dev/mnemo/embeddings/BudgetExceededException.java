package dev.mnemo.embeddings;

/** Loading a model would take the process past the configured RAM budget for models. */
public final class BudgetExceededException extends EmbeddingException {

    public BudgetExceededException(String model, long estimateMb, long currentModelsMb, long budgetMb) {
        super("Not loading model '" + model + "': it needs an estimated " + estimateMb + " MB, the loaded models use "
                + currentModelsMb + " MB and the budget is " + budgetMb + " MB. Raise the budget, unload the other"
                + " model, or use a smaller (e.g. int8) model.");
    }
}
