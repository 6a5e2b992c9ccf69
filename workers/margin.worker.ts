import { expose } from "comlink";
import { engineApi } from "@/lib/engine/api";

expose(engineApi);
