using MlNetGenre.Experiments.Cli;

return MlNetGenreCli.Run(args);
