import { expose } from "comlink";
import { engineApi } from "@/lib/engine/worker/api";

expose(engineApi);
