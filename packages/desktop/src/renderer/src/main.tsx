import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { connectBridge } from "./bridge";
import "./styles/base.css";
import "./styles/screens.css";
import "./styles/feedback.css";
import "./styles/forms.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={connectBridge()} />
    </StrictMode>,
  );
}
