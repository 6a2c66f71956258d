using MlNetGenre.Experiments.Cli;

JitProfile.Start(args);
return MlNetGenreCli.Run(args);
