return await Pool.Host.PoolProgram.RunAsync(args);
